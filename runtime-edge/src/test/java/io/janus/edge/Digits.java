package io.janus.edge;

import io.janus.model.RawImage;
import io.janus.model.Safetensors;
import io.janus.testing.ProjectFiles;
import java.util.Arrays;

/** The shipped held-out digits as frames. */
final class Digits {

    private static final byte[] IMAGES = Safetensors.open(ProjectFiles.digits()).uint8("images");

    private Digits() {
    }

    static RawImage get(int i) {
        return new RawImage(28, 28, 1, Arrays.copyOfRange(IMAGES, i * 784, (i + 1) * 784));
    }
}
