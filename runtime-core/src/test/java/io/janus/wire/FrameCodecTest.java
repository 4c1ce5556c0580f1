package io.janus.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import io.janus.wire.v1.Frame;
import io.janus.wire.v1.FrameEncoding;
import org.junit.jupiter.api.Test;

class FrameCodecTest {

    private static byte[] digitLike(int h, int w, int c) {
        byte[] px = new byte[h * w * c];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int v = Math.abs(x - w / 2) < 3 || Math.abs(y - h / 3) < 2 ? 230 : 0;
                for (int k = 0; k < c; k++) {
                    px[(y * w + x) * c + k] = (byte) (v - 20 * k);
                }
            }
        }
        return px;
    }

    @Test
    void losslessRestoresEveryPixelAndCompresses() {
        byte[] px = digitLike(28, 28, 1);
        Frame f = FrameCodec.parse("lossless").encode(28, 28, 1, px);
        assertThat(f.getData().size()).isLessThan(px.length / 2);
        assertThat(FrameCodec.decode(f)).containsExactly(px);
        byte[] rgb = digitLike(40, 30, 3);
        assertThat(FrameCodec.decode(FrameCodec.lossless().encode(40, 30, 3, rgb))).containsExactly(rgb);
    }

    @Test
    void jpegIsCloseToTheOriginal() {
        for (int channels : new int[] {1, 3}) {
            byte[] px = digitLike(28, 28, channels);
            Frame f = FrameCodec.parse("jpeg:90").encode(28, 28, channels, px);
            byte[] back = FrameCodec.decode(f);
            assertThat(back).hasSize(px.length);
            double err = 0;
            for (int i = 0; i < px.length; i++) {
                err += Math.abs((px[i] & 0xff) - (back[i] & 0xff));
            }
            assertThat(err / px.length).as("mean abs error, %d channels", channels).isLessThan(12);
        }
    }

    @Test
    void corruptOrOversizedFramesAreRefusedWithTheReason() {
        Frame good = FrameCodec.lossless().encode(28, 28, 1, digitLike(28, 28, 1));
        assertThatThrownBy(() -> FrameCodec.decode(good.toBuilder().setData(ByteString.copyFromUtf8("garbage")).build()))
                .isInstanceOf(InvalidPayloadException.class).hasMessageContaining("not a deflate stream");
        // A frame that inflates to more than it declares (a zip bomb) is refused without inflating it all.
        Frame bomb = FrameCodec.lossless().encode(1000, 1000, 1, new byte[1000 * 1000]).toBuilder().setHeight(10).build();
        assertThatThrownBy(() -> FrameCodec.decode(bomb)).hasMessageContaining("more than 10000 bytes");
        assertThatThrownBy(() -> FrameCodec.decode(good.toBuilder().setHeight(29).build())).hasMessageContaining("inflates to 784 bytes");
        assertThatThrownBy(() -> FrameCodec.decode(good.toBuilder().setChannels(2).build())).hasMessageContaining("channels 2");
        assertThatThrownBy(() -> FrameCodec.decode(good.toBuilder().setWidth(5000).build())).hasMessageContaining("1..4096");
        assertThatThrownBy(() -> FrameCodec.decode(good.toBuilder().setEncoding(FrameEncoding.JPEG).build())).hasMessageContaining("JPEG");
        assertThatThrownBy(() -> FrameCodec.decode(good.toBuilder().setEncoding(FrameEncoding.FRAME_ENCODING_UNSPECIFIED).build()))
                .hasMessageContaining("expected LOSSLESS or JPEG");
        assertThatThrownBy(() -> FrameCodec.parse("jpeg:0")).hasMessageContaining("1..100");
        assertThatThrownBy(() -> FrameCodec.parse("png")).hasMessageContaining("expected lossless or jpeg:Q");
    }
}
