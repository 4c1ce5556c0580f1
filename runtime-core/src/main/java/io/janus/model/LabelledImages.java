package io.janus.model;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A labelled image set in a safetensors file: {@code images} uint8 [N, H, W] (grey) or [N, H, W, C], and
 * {@code labels} (any integer type) [N].
 */
public final class LabelledImages {

    private final Path file;
    private final byte[] pixels;
    private final long[] labels;
    private final int height;
    private final int width;
    private final int channels;

    private LabelledImages(Path file, byte[] pixels, long[] labels, int height, int width, int channels) {
        this.file = file;
        this.pixels = pixels;
        this.labels = labels;
        this.height = height;
        this.width = width;
        this.channels = channels;
    }

    public static LabelledImages open(Path file) {
        Safetensors st = Safetensors.open(file);
        long[] shape = st.tensor("images").shape();
        if (shape.length != 3 && shape.length != 4) {
            throw new ModelException(file + ": tensor images has shape " + Arrays.toString(shape)
                    + ", expected [N, H, W] or [N, H, W, C]");
        }
        int channels = shape.length == 4 ? (int) shape[3] : 1;
        long[] labels = st.longs("labels");
        if (labels.length != shape[0]) {
            throw new ModelException(file + ": " + labels.length + " labels for " + shape[0] + " images");
        }
        return new LabelledImages(file, st.uint8("images"), labels, (int) shape[1], (int) shape[2], channels);
    }

    public Path file() {
        return file;
    }

    public int size() {
        return labels.length;
    }

    public RawImage image(int i) {
        int n = height * width * channels;
        return new RawImage(height, width, channels, Arrays.copyOfRange(pixels, i * n, (i + 1) * n));
    }

    /** The first {@code count} images (at most all of them), in file order. */
    public List<RawImage> first(int count) {
        List<RawImage> out = new ArrayList<>();
        for (int i = 0; i < Math.min(count, size()); i++) {
            out.add(image(i));
        }
        return out;
    }

    public int label(int i) {
        return (int) labels[i];
    }
}
