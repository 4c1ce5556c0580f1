package io.janus.model;

import java.awt.image.BufferedImage;
import java.awt.image.Raster;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import javax.imageio.ImageIO;

/**
 * A decoded frame: height × width × channels uint8, channels 1 (grey) or 3 (RGB), row-major HWC.
 */
public record RawImage(int height, int width, int channels, byte[] pixels) {

    public RawImage {
        if (height <= 0 || width <= 0) {
            throw new IllegalArgumentException("image: size " + width + "x" + height + " must be positive");
        }
        if (channels != 1 && channels != 3) {
            throw new IllegalArgumentException("image: " + channels + " channels, expected 1 (grey) or 3 (RGB)");
        }
        if (pixels.length != (long) height * width * channels) {
            throw new IllegalArgumentException("image: " + pixels.length + " bytes of pixels, expected " + height + "x"
                    + width + "x" + channels + " = " + (long) height * width * channels);
        }
    }

    /** Decodes PNG or JPEG bytes (grey or colour; alpha is dropped). */
    public static RawImage decode(byte[] encoded) {
        BufferedImage img;
        try {
            img = ImageIO.read(new ByteArrayInputStream(encoded));
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException("image: cannot decode " + encoded.length + " bytes: " + e.getMessage(), e);
        }
        if (img == null) {
            throw new IllegalArgumentException("image: " + encoded.length + " bytes are not a PNG or JPEG image");
        }
        return fromBufferedImage(img);
    }

    static RawImage fromBufferedImage(BufferedImage img) {
        int h = img.getHeight();
        int w = img.getWidth();
        Raster raster = img.getRaster();
        int bands = raster.getNumBands();
        boolean grey = img.getColorModel().getColorSpace().getType() == java.awt.color.ColorSpace.TYPE_GRAY;
        if (grey) {
            // Read samples directly: getRGB would apply a gamma conversion to linear-grey images.
            int shift = raster.getSampleModel().getSampleSize(0) - 8;
            byte[] px = new byte[h * w];
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    px[y * w + x] = (byte) (raster.getSample(x, y, 0) >> Math.max(shift, 0));
                }
            }
            return new RawImage(h, w, 1, px);
        }
        byte[] px = new byte[h * w * 3];
        int[] row = new int[w];
        for (int y = 0; y < h; y++) {
            img.getRGB(0, y, w, 1, row, 0, w);
            for (int x = 0; x < w; x++) {
                int i = (y * w + x) * 3;
                px[i] = (byte) (row[x] >> 16);
                px[i + 1] = (byte) (row[x] >> 8);
                px[i + 2] = (byte) row[x];
            }
        }
        assert bands >= 1;
        return new RawImage(h, w, 3, px);
    }

    /** The value of channel c at (y, x), 0..255. */
    public int at(int y, int x, int c) {
        return pixels[(y * width + x) * channels + c] & 0xff;
    }
}
