package io.janus.model;

import java.awt.image.BufferedImage;
import java.awt.image.Raster;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;

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

    /**
     * The largest side of a frame, in pixels, the edge decodes and the cloud accepts (wire.FrameCodec): bounds the
     * memory one image can make either allocate (4096 × 4096 × 3 bytes = 48 MiB of pixels).
     */
    public static final int MAX_SIDE = 4096;

    /** An image whose header declares more pixels than {@link #MAX_SIDE} per side: refused before decoding. */
    public static final class TooLargeException extends IllegalArgumentException {
        TooLargeException(String message) {
            super(message);
        }
    }

    /** A readable image in a format other than PNG or JPEG (GIF, BMP, ...). */
    public static final class UnsupportedFormatException extends IllegalArgumentException {
        UnsupportedFormatException(String message) {
            super(message);
        }
    }

    /**
     * Decodes PNG or JPEG bytes (grey or colour; alpha is dropped; CMYK and YCCK JPEGs are converted to RGB). The size
     * is read from the header and checked before any pixel is decoded.
     *
     * @throws TooLargeException           when a side exceeds {@link #MAX_SIDE}
     * @throws UnsupportedFormatException  for GIF, BMP and any other format
     * @throws IllegalArgumentException    when the bytes are not an image, or a truncated or corrupt one
     */
    public static RawImage decode(byte[] encoded) {
        try (ImageInputStream in = ImageIO.createImageInputStream(new ByteArrayInputStream(encoded))) {
            ImageReader reader = readerFor(in, encoded.length);
            try {
                return read(reader, in);
            } finally {
                reader.dispose();
            }
        } catch (IOException | RuntimeException e) {
            if (e instanceof IllegalArgumentException refused && refused.getMessage().startsWith("image: ")) {
                throw refused;
            }
            throw new IllegalArgumentException("image: cannot decode " + encoded.length + " bytes: " + e.getMessage(), e);
        }
    }

    private static ImageReader readerFor(ImageInputStream in, int length) {
        Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
        if (!readers.hasNext()) {
            throw new IllegalArgumentException("image: " + length + " bytes are not a PNG or JPEG image");
        }
        ImageReader reader = readers.next();
        String format = formatOf(reader);
        if (!format.equals("PNG") && !format.equals("JPEG")) {
            reader.dispose();
            throw new UnsupportedFormatException("image: " + format + " is not accepted: send PNG or JPEG");
        }
        return reader;
    }

    private static String formatOf(ImageReader reader) {
        try {
            return reader.getFormatName().toUpperCase(Locale.ROOT);
        } catch (IOException e) {
            return "unknown format";
        }
    }

    /** Checks the declared size, then decodes; a reader's warning (a truncated stream) makes the image corrupt. */
    private static RawImage read(ImageReader reader, ImageInputStream in) throws IOException {
        reader.setInput(in, true, false);
        String format = formatOf(reader);
        checkSize(reader.getWidth(0), reader.getHeight(0), format);
        List<String> warnings = new ArrayList<>();
        reader.addIIOReadWarningListener((r, warning) -> warnings.add(warning));
        int adobeTransform = format.equals("JPEG") ? JpegColour.fourComponentTransform(reader) : JpegColour.NOT_CMYK;
        RawImage image = adobeTransform == JpegColour.NOT_CMYK ? fromBufferedImage(reader.read(0))
                : JpegColour.cmykToRgb(reader.readRaster(0, null), adobeTransform);
        if (!warnings.isEmpty()) {
            throw new IllegalArgumentException("image: corrupt or truncated " + format + ": " + warnings.get(0));
        }
        return image;
    }

    /** Pure: refuses a declared size with a side over {@link #MAX_SIDE}, naming it. */
    static void checkSize(int width, int height, String format) {
        if (width > MAX_SIDE || height > MAX_SIDE) {
            throw new TooLargeException("image: " + format + " of " + width + "x" + height + " pixels; each side must be at most "
                    + MAX_SIDE);
        }
    }

    /** This frame as an AWT image (grey, or RGB in a 3-byte raster), for writing PNG/JPEG; pixels are copied. */
    public BufferedImage toBufferedImage() {
        BufferedImage img = new BufferedImage(width, height, channels == 1 ? BufferedImage.TYPE_BYTE_GRAY
                : BufferedImage.TYPE_3BYTE_BGR);
        java.awt.image.WritableRaster raster = img.getRaster();
        int[] px = new int[channels];
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                for (int c = 0; c < channels; c++) {
                    px[c] = pixels[(y * width + x) * channels + c] & 0xff;
                }
                raster.setPixel(x, y, px);
            }
        }
        return img;
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
