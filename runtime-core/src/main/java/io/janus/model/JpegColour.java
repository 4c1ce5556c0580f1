package io.janus.model;

import java.awt.image.Raster;
import java.io.IOException;
import javax.imageio.ImageReader;
import javax.imageio.metadata.IIOMetadataNode;
import org.w3c.dom.NodeList;

/**
 * Four-component (CMYK or YCCK) JPEGs, as Photoshop and print workflows write them. Java's decoder turns YCCK into
 * wrong colours, so these are read raw and converted here: Adobe's convention stores the inks inverted (255 = no
 * ink); YCCK first needs its YCbCr → RGB step; then RGB = inverted C, M, Y scaled by inverted K. No ICC profile is
 * applied (as browsers do for untagged CMYK).
 */
final class JpegColour {

    /** Not a four-component JPEG: decode as usual. */
    static final int NOT_CMYK = -1;
    /** Adobe APP14 transform values. */
    static final int ADOBE_CMYK = 0;
    static final int ADOBE_YCCK = 2;

    private JpegColour() {
    }

    /** The Adobe transform of a four-component JPEG (CMYK without an Adobe marker), or {@link #NOT_CMYK}. */
    static int fourComponentTransform(ImageReader reader) throws IOException {
        IIOMetadataNode root = (IIOMetadataNode) reader.getImageMetadata(0).getAsTree("javax_imageio_jpeg_image_1.0");
        NodeList components = root.getElementsByTagName("componentSpec");
        if (components.getLength() != 4) {
            return NOT_CMYK;
        }
        NodeList adobe = root.getElementsByTagName("app14Adobe");
        if (adobe.getLength() == 0) {
            return ADOBE_CMYK;
        }
        String transform = ((IIOMetadataNode) adobe.item(0)).getAttribute("transform");
        return transform == null || transform.isEmpty() ? ADOBE_CMYK : Integer.parseInt(transform);
    }

    /** Raw samples of a four-component JPEG → RGB pixels. */
    static RawImage cmykToRgb(Raster raw, int adobeTransform) {
        int w = raw.getWidth();
        int h = raw.getHeight();
        byte[] px = new byte[w * h * 3];
        int[] s = new int[4];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                raw.getPixel(x, y, s);
                int[] cmy = adobeTransform == ADOBE_YCCK ? yccToRgb(s[0], s[1], s[2]) : s;
                int i = (y * w + x) * 3;
                for (int c = 0; c < 3; c++) {
                    px[i + c] = (byte) (clamp(cmy[c]) * s[3] / 255);
                }
            }
        }
        return new RawImage(h, w, 3, px);
    }

    /** JFIF's YCbCr → RGB (here: YCC → the inverted C, M, Y of YCCK). */
    static int[] yccToRgb(int luma, int cb, int cr) {
        return new int[] {
            (int) Math.round(luma + 1.402 * (cr - 128)),
            (int) Math.round(luma - 0.344136 * (cb - 128) - 0.714136 * (cr - 128)),
            (int) Math.round(luma + 1.772 * (cb - 128))};
    }

    private static int clamp(int v) {
        return Math.max(0, Math.min(255, v));
    }
}
