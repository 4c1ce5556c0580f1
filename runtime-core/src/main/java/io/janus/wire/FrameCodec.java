package io.janus.wire;

import com.google.protobuf.ByteString;
import io.janus.model.RawImage;
import io.janus.wire.v1.Frame;
import io.janus.wire.v1.FrameEncoding;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Locale;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.Inflater;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.MemoryCacheImageOutputStream;

/**
 * How the edge sends a frame at split point 0 (cloud-only): {@code lossless} (deflate of the raw HWC uint8 pixels,
 * as the paper uses LZW) or {@code jpeg:Q} (quality Q in 1..100).
 *
 * @param encoding the wire encoding
 * @param quality  JPEG quality 1..100; 0 for lossless
 */
public record FrameCodec(FrameEncoding encoding, int quality) {

    public FrameCodec {
        if (encoding == FrameEncoding.JPEG && (quality < 1 || quality > 100)) {
            throw new IllegalArgumentException("frame codec jpeg:" + quality + ": quality must be in 1..100");
        }
    }

    public static FrameCodec lossless() {
        return new FrameCodec(FrameEncoding.LOSSLESS, 0);
    }

    /** Parses {@code lossless} or {@code jpeg:Q}. */
    public static FrameCodec parse(String spec) {
        String s = spec == null ? "" : spec.trim().toLowerCase(Locale.ROOT);
        if (s.equals("lossless")) {
            return lossless();
        }
        if (s.startsWith("jpeg:")) {
            try {
                return new FrameCodec(FrameEncoding.JPEG, Integer.parseInt(s.substring(5).trim()));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("frame codec '" + spec + "': quality is not a number", e);
            }
        }
        throw new IllegalArgumentException("frame codec '" + spec + "': expected lossless or jpeg:Q (Q in 1..100)");
    }

    /** Compresses HWC uint8 pixels ({@code channels} 1 or 3). */
    public Frame encode(int height, int width, int channels, byte[] pixels) {
        checkGeometry(height, width, channels, "frame");
        if (pixels.length != height * width * channels) {
            throw new IllegalArgumentException("frame: " + pixels.length + " pixel bytes for " + height + "x" + width + "x" + channels);
        }
        byte[] data = encoding == FrameEncoding.LOSSLESS ? deflate(pixels) : jpeg(height, width, channels, pixels, quality);
        return Frame.newBuilder().setHeight(height).setWidth(width).setChannels(channels)
                .setEncoding(encoding).setData(ByteString.copyFrom(data)).build();
    }

    /**
     * Restores a frame's HWC uint8 pixels ({@code height × width × channels} bytes).
     *
     * @throws InvalidPayloadException naming what is wrong with the frame
     */
    public static byte[] decode(Frame frame) {
        checkGeometry(frame.getHeight(), frame.getWidth(), frame.getChannels(), "frame");
        return switch (frame.getEncoding()) {
            case LOSSLESS -> inflate(frame.getData().toByteArray(), frame.getHeight() * frame.getWidth() * frame.getChannels());
            case JPEG -> unjpeg(frame);
            default -> throw new InvalidPayloadException("frame.encoding " + frame.getEncoding() + ": expected LOSSLESS or JPEG");
        };
    }

    @Override
    public String toString() {
        return encoding == FrameEncoding.LOSSLESS ? "lossless" : "jpeg:" + quality;
    }

    private static void checkGeometry(int height, int width, int channels, String field) {
        if (height < 1 || width < 1 || height > RawImage.MAX_SIDE || width > RawImage.MAX_SIDE) {
            throw new InvalidPayloadException(field + ": " + height + "x" + width + " pixels, each side must be in 1.." + RawImage.MAX_SIDE);
        }
        if (channels != 1 && channels != 3) {
            throw new InvalidPayloadException(field + ".channels " + channels + ": expected 1 (grey) or 3 (RGB)");
        }
    }

    private static byte[] deflate(byte[] pixels) {
        Deflater deflater = new Deflater(Deflater.BEST_SPEED);
        try {
            deflater.setInput(pixels);
            deflater.finish();
            ByteArrayOutputStream out = new ByteArrayOutputStream(pixels.length / 2 + 64);
            byte[] buf = new byte[8192];
            while (!deflater.finished()) {
                out.write(buf, 0, deflater.deflate(buf));
            }
            return out.toByteArray();
        } finally {
            deflater.end();
        }
    }

    /** Inflates into exactly {@code expected} bytes: never allocates more than the declared frame (no zip bombs). */
    private static byte[] inflate(byte[] data, int expected) {
        Inflater inflater = new Inflater();
        try {
            inflater.setInput(data);
            byte[] out = new byte[expected];
            int n = 0;
            while (n < expected && !inflater.finished() && !inflater.needsInput()) {
                n += inflater.inflate(out, n, expected - n);
            }
            boolean extra = n == expected && !inflater.finished() && inflater.inflate(new byte[1]) > 0;
            if (n != expected || extra || !inflater.finished()) {
                throw new InvalidPayloadException("frame.data: inflates to " + (extra ? "more than " + expected + " bytes" : n + " bytes (stream "
                        + (inflater.finished() ? "complete" : "truncated") + ")") + ", expected height x width x channels = " + expected);
            }
            return out;
        } catch (DataFormatException e) {
            throw new InvalidPayloadException("frame.data: not a deflate stream (" + e.getMessage() + ")");
        } finally {
            inflater.end();
        }
    }

    private static byte[] jpeg(int height, int width, int channels, byte[] pixels, int quality) {
        BufferedImage img = new RawImage(height, width, channels, pixels).toBufferedImage();
        ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (MemoryCacheImageOutputStream stream = new MemoryCacheImageOutputStream(out)) {
            writer.setOutput(stream);
            ImageWriteParam param = writer.getDefaultWriteParam();
            param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
            param.setCompressionQuality(quality / 100f);
            writer.write(null, new IIOImage(img, null, null), param);
        } catch (IOException e) {
            throw new UncheckedIOException("JPEG encoding failed", e);
        } finally {
            writer.dispose();
        }
        return out.toByteArray();
    }

    /** Through {@link RawImage#decode}: the JPEG's own header is size-checked before it is decoded. */
    private static byte[] unjpeg(Frame frame) {
        RawImage img;
        try {
            img = RawImage.decode(frame.getData().toByteArray());
        } catch (IllegalArgumentException e) {
            throw new InvalidPayloadException("frame.data: not a readable JPEG (" + e.getMessage() + ")");
        }
        int h = frame.getHeight();
        int w = frame.getWidth();
        int channels = frame.getChannels();
        if (img.height() != h || img.width() != w || img.channels() != channels) {
            throw new InvalidPayloadException("frame.data: JPEG is " + img.height() + "x" + img.width() + "x"
                    + img.channels() + ", frame declares " + h + "x" + w + "x" + channels);
        }
        return img.pixels();
    }
}
