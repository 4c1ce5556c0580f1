package io.janus.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.janus.testing.ProjectFiles;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

class ImageInputTest {

    private static byte[] encode(BufferedImage img, String format) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(img, format, out);
        return out.toByteArray();
    }

    private static BufferedImage grey(RawImage digit) {
        BufferedImage img = new BufferedImage(digit.width(), digit.height(), BufferedImage.TYPE_BYTE_GRAY);
        img.getRaster().setDataElements(0, 0, digit.width(), digit.height(), digit.pixels());
        return img;
    }

    @Test
    void aFrameWrittenAsPngReadsBackTheSamePixels() throws IOException {
        byte[] grey = new byte[5 * 7];
        byte[] rgb = new byte[5 * 7 * 3];
        for (int i = 0; i < rgb.length; i++) {
            rgb[i] = (byte) (i * 37);
            if (i < grey.length) {
                grey[i] = (byte) (i * 11);
            }
        }
        for (RawImage frame : new RawImage[] {new RawImage(5, 7, 1, grey), new RawImage(5, 7, 3, rgb)}) {
            ByteArrayOutputStream png = new ByteArrayOutputStream();
            ImageIO.write(frame.toBufferedImage(), "png", png);
            RawImage back = RawImage.decode(png.toByteArray());
            assertThat(back.channels()).isEqualTo(frame.channels());
            assertThat(back.pixels()).as("%d channels", frame.channels()).isEqualTo(frame.pixels());
        }
    }

    @Test
    void greyAndRgbPngsOfADigitDecodeToItsPixels() throws IOException {
        RawImage digit = LabelledImages.open(ProjectFiles.digits()).image(0);
        RawImage fromGrey = RawImage.decode(encode(grey(digit), "png"));
        assertThat(fromGrey.channels()).isEqualTo(1);
        assertThat(fromGrey.pixels()).containsExactly(digit.pixels());

        BufferedImage rgb = new BufferedImage(digit.width(), digit.height(), BufferedImage.TYPE_INT_RGB);
        rgb.getGraphics().drawImage(grey(digit), 0, 0, null);
        RawImage fromRgb = RawImage.decode(encode(rgb, "png"));
        assertThat(fromRgb.channels()).isEqualTo(3);
        try (VitModel model = VitModel.load(ProjectFiles.model())) {
            int n = 3 * 112 * 112;
            float[] a = new float[n];
            float[] b = new float[n];
            model.preprocessor().toChw(digit, a, 0);
            model.preprocessor().toChw(fromRgb, b, 0);
            assertThat(b).containsExactly(a);
        }
    }

    @Test
    void corruptImagesAreRejectedWithTheReason() throws IOException {
        assertThatThrownBy(() -> RawImage.decode(new byte[] {1, 2, 3, 4}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not a PNG or JPEG");
        RawImage digit = LabelledImages.open(ProjectFiles.digits()).image(1);
        byte[] png = encode(grey(digit), "png");
        byte[] truncated = java.util.Arrays.copyOf(png, png.length / 2);
        assertThatThrownBy(() -> RawImage.decode(truncated)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("image: ");
        assertThatThrownBy(() -> new RawImage(28, 28, 1, new byte[10])).hasMessageContaining("expected 28x28x1 = 784");
        assertThatThrownBy(() -> new RawImage(28, 28, 4, new byte[28 * 28 * 4])).hasMessageContaining("4 channels");
    }

    @Test
    void jpegFramesDecode() throws IOException {
        RawImage digit = LabelledImages.open(ProjectFiles.digits()).image(2);
        RawImage decoded = RawImage.decode(encode(grey(digit), "jpeg"));
        assertThat(decoded.height()).isEqualTo(28);
        assertThat(decoded.width()).isEqualTo(28);
    }

    @Test
    void aHugeDeclaredSizeIsRefusedFromTheHeaderWithoutDecoding() {
        byte[] png = HostileImages.pngDeclaring(40_000, 40_000, 0);
        assertThatThrownBy(() -> RawImage.decode(png)).isInstanceOf(RawImage.TooLargeException.class)
                .hasMessageContaining("40000x40000").hasMessageContaining(String.valueOf(RawImage.MAX_SIDE));
        assertThatThrownBy(() -> RawImage.decode(HostileImages.pngDeclaring(RawImage.MAX_SIDE + 1, 1, 0)))
                .isInstanceOf(RawImage.TooLargeException.class).hasMessageContaining("4097x1");
    }

    @Test
    void gifAndBmpAreRefusedByName() {
        RawImage digit = LabelledImages.open(ProjectFiles.digits()).image(3);
        for (String format : new String[] {"gif", "bmp"}) {
            assertThatThrownBy(() -> RawImage.decode(HostileImages.encode(digit, format)))
                    .isInstanceOf(RawImage.UnsupportedFormatException.class)
                    .hasMessageContaining(format.toUpperCase(java.util.Locale.ROOT)).hasMessageContaining("PNG or JPEG");
        }
    }

    @Test
    void cmykAndYcckJpegsDecodeToTheirColours() {
        RawImage digit = LabelledImages.open(ProjectFiles.digits()).image(4);
        for (int transform : new int[] {0, 2}) {
            RawImage decoded = RawImage.decode(HostileImages.cmykJpeg(digit, transform));
            assertThat(decoded.channels()).isEqualTo(3);
            int worst = 0;
            for (int y = 0; y < 28; y++) {
                for (int x = 0; x < 28; x++) {
                    for (int c = 0; c < 3; c++) {
                        worst = Math.max(worst, Math.abs(decoded.at(y, x, c) - digit.at(y, x, 0)));
                    }
                }
            }
            assertThat(worst).as("largest channel error, Adobe transform " + transform).isLessThanOrEqualTo(24);
        }
    }

    @Test
    void aTruncatedJpegIsCorruptNotHalfGrey() {
        RawImage digit = LabelledImages.open(ProjectFiles.digits()).image(5);
        byte[] jpeg = HostileImages.encode(digit, "jpeg");
        byte[] truncated = java.util.Arrays.copyOf(jpeg, jpeg.length * 2 / 3);
        assertThatThrownBy(() -> RawImage.decode(truncated)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("image: ").hasMessageContaining("JPEG");
    }
}
