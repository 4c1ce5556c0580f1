package io.janus.testing;

import io.janus.model.LabelledImages;
import io.janus.model.RawImage;

/** The shipped held-out digits as frames, read once through {@link LabelledImages} (their shape is the file's). */
public final class Digits {

    private static final LabelledImages DIGITS = LabelledImages.open(ProjectFiles.digits());

    private Digits() {
    }

    public static RawImage get(int i) {
        return DIGITS.image(i);
    }

    public static int label(int i) {
        return DIGITS.label(i);
    }
}
