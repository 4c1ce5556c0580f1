package io.janus.edge;

import io.janus.model.RawImage;
import io.janus.model.Safetensors;
import io.janus.testing.ProjectFiles;
import java.util.Arrays;

/** The shipped held-out digits as frames. */
final class Digits {

    private static final Safetensors FILE = Safetensors.open(ProjectFiles.digits());
    private static final byte[] IMAGES = FILE.uint8("images");
    private static final byte[] LABELS = FILE.uint8("labels");

    private Digits() {
    }

    static int label(int i) {
        return LABELS[i];
    }

    static RawImage get(int i) {
        return new RawImage(28, 28, 1, Arrays.copyOfRange(IMAGES, i * 784, (i + 1) * 784));
    }
}
