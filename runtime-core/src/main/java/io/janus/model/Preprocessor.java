package io.janus.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.List;

/**
 * Turns frames into the model's input exactly as {@code pretrained_cfg} says: uint8 → float in [0, 1] → RGB (grey is
 * repeated) → resize of the shorter side to ⌊size / crop_pct⌋ (bilinear or bicubic, align_corners false, no
 * antialias, as torch's {@code F.interpolate}) → centre crop to size × size → (x − mean) / std.
 */
public final class Preprocessor {

    private static final float CUBIC_A = -0.75f;

    private final int size;
    private final int channels;
    private final float[] mean;
    private final float[] std;
    private final boolean bicubic;
    private final double cropPct;

    Preprocessor(VitConfig config) {
        this.size = config.imgSize();
        this.channels = config.inChans();
        this.mean = config.preprocessing().mean();
        this.std = config.preprocessing().std();
        this.bicubic = config.preprocessing().interpolation().equals("bicubic");
        this.cropPct = config.preprocessing().cropPct();
    }

    /** A batch [B, C, size, size] for the engine. */
    public NDArray batch(NDManager manager, List<RawImage> images) {
        float[] data = new float[images.size() * channels * size * size];
        for (int i = 0; i < images.size(); i++) {
            toChw(images.get(i), data, i * channels * size * size);
        }
        return manager.create(data, new Shape(images.size(), channels, size, size));
    }

    /** One image, preprocessed into {@code out} at {@code offset} as [C, size, size]. */
    public void toChw(RawImage image, float[] out, int offset) {
        if (channels != 3) {
            throw new IllegalArgumentException("preprocessing: models with " + channels + " input channels are not supported");
        }
        int scaled = (int) Math.floor(size / cropPct);
        int outH = image.height() <= image.width() ? scaled : (int) ((long) scaled * image.height() / image.width());
        int outW = image.width() < image.height() ? scaled : (int) ((long) scaled * image.width() / image.height());
        int top = (outH - size) / 2;
        int left = (outW - size) / 2;
        float[] plane = new float[image.height() * image.width()];
        for (int c = 0; c < channels; c++) {
            int source = image.channels() == 1 ? 0 : c;
            for (int y = 0; y < image.height(); y++) {
                for (int x = 0; x < image.width(); x++) {
                    plane[y * image.width() + x] = image.at(y, x, source) / 255f;
                }
            }
            int base = offset + c * size * size;
            for (int y = 0; y < size; y++) {
                for (int x = 0; x < size; x++) {
                    float v = sample(plane, image.height(), image.width(), outH, outW, top + y, left + x);
                    out[base + y * size + x] = (v - mean[c]) / std[c];
                }
            }
        }
    }

    private float sample(float[] plane, int inH, int inW, int outH, int outW, int y, int x) {
        return bicubic ? bicubic(plane, inH, inW, outH, outW, y, x) : bilinear(plane, inH, inW, outH, outW, y, x);
    }

    private static float bilinear(float[] p, int inH, int inW, int outH, int outW, int y, int x) {
        float sy = Math.max(((float) inH / outH) * (y + 0.5f) - 0.5f, 0f);
        float sx = Math.max(((float) inW / outW) * (x + 0.5f) - 0.5f, 0f);
        int y0 = (int) sy;
        int x0 = (int) sx;
        int y1 = y0 + (y0 < inH - 1 ? 1 : 0);
        int x1 = x0 + (x0 < inW - 1 ? 1 : 0);
        float ly = sy - y0;
        float lx = sx - x0;
        float top = (1 - lx) * p[y0 * inW + x0] + lx * p[y0 * inW + x1];
        float bottom = (1 - lx) * p[y1 * inW + x0] + lx * p[y1 * inW + x1];
        return (1 - ly) * top + ly * bottom;
    }

    private static float bicubic(float[] p, int inH, int inW, int outH, int outW, int y, int x) {
        float sy = ((float) inH / outH) * (y + 0.5f) - 0.5f;
        float sx = ((float) inW / outW) * (x + 0.5f) - 0.5f;
        int y0 = (int) Math.floor(sy);
        int x0 = (int) Math.floor(sx);
        float[] wy = cubicWeights(sy - y0);
        float[] wx = cubicWeights(sx - x0);
        float v = 0f;
        for (int i = 0; i < 4; i++) {
            int yy = Math.min(Math.max(y0 - 1 + i, 0), inH - 1);
            float row = 0f;
            for (int j = 0; j < 4; j++) {
                int xx = Math.min(Math.max(x0 - 1 + j, 0), inW - 1);
                row += wx[j] * p[yy * inW + xx];
            }
            v += wy[i] * row;
        }
        return v;
    }

    /** Keys' cubic convolution weights (A = −0.75, as torch) for the 4 neighbours at fractional offset t. */
    private static float[] cubicWeights(float t) {
        return new float[] {cubicFar(t + 1), cubicNear(t), cubicNear(1 - t), cubicFar(2 - t)};
    }

    private static float cubicNear(float x) {
        return ((CUBIC_A + 2) * x - (CUBIC_A + 3)) * x * x + 1;
    }

    private static float cubicFar(float x) {
        return ((CUBIC_A * x - 5 * CUBIC_A) * x + 8 * CUBIC_A) * x - 4 * CUBIC_A;
    }
}
