package io.janus.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import com.google.protobuf.ByteString;
import io.janus.model.NativeArrays;
import io.janus.wire.v1.DType;
import io.janus.wire.v1.FinishRequest;
import io.janus.wire.v1.Tensor;
import io.janus.wire.v1.TokenPayload;
import java.util.Random;
import org.junit.jupiter.api.Test;

class TensorCodecTest {

    private static float[] randomTokens(int rows, int cols, long seed) {
        Random rnd = new Random(seed);
        float[] x = new float[rows * cols];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) (rnd.nextGaussian() * (1 + i % 7));
        }
        return x;
    }

    @Test
    void fp32RoundTripIsExact() {
        float[] x = randomTokens(197, 192, 1);
        Tensor t = TensorCodec.FP32.encode(x, 197, 192);
        assertThat(t.getData().size()).isEqualTo(197 * 192 * 4);
        assertThat(TensorCodec.decode(t, "tokens")).containsExactly(x);
    }

    @Test
    void fp16RoundsToNearestEvenAndKeepsSpecialValues() {
        float[] x = {0f, -0f, 1f, -2.5f, 65504f, 1 + 0x1p-11f, 1 + 3 * 0x1p-11f, 0x1p-24f, 0x1p-25f, 0x1.8p-25f, 6.1035156e-5f};
        float[] y = TensorCodec.decode(TensorCodec.FP16.encode(x, 1, x.length), "t");
        // 1 + 2^-11 is a tie between 1 and 1 + 2^-10: even mantissa (1) wins; 1 + 3·2^-11 rounds up to 1 + 2^-9.
        assertThat(y).containsExactly(0f, -0f, 1f, -2.5f, 65504f, 1f, 1 + 0x1p-9f, 0x1p-24f, 0f, 0x1p-24f, 6.1035156e-5f);
    }

    @Test
    void fp16RelativeErrorIsBelowHalfAnUlp() {
        float[] x = randomTokens(50, 192, 2);
        float[] y = TensorCodec.decode(TensorCodec.FP16.encode(x, 50, 192), "t");
        for (int i = 0; i < x.length; i++) {
            assertThat(Math.abs(y[i] - x[i])).isLessThanOrEqualTo(Math.abs(x[i]) * 0x1p-11f + 0x1p-25f);
        }
    }

    @Test
    void int8ErrorIsAtMostHalfAScaleStepPerToken() {
        int rows = 20;
        int cols = 192;
        float[] x = randomTokens(rows, cols, 3);
        x[5 * cols + 7] = 0f; // a row may also be all zeros: scale 0
        for (int c = 0; c < cols; c++) {
            x[9 * cols + c] = 0f;
        }
        Tensor t = TensorCodec.INT8.encode(x, rows, cols);
        assertThat(t.getScales().size()).isEqualTo(rows * 4);
        float[] y = TensorCodec.decode(t, "t");
        for (int r = 0; r < rows; r++) {
            float max = 0;
            for (int c = 0; c < cols; c++) {
                max = Math.max(max, Math.abs(x[r * cols + c]));
            }
            for (int c = 0; c < cols; c++) {
                assertThat(Math.abs(y[r * cols + c] - x[r * cols + c])).isLessThanOrEqualTo(max / 127f / 2f * 1.0001f);
            }
        }
    }

    @Test
    void encodeRefusesValuesTheCodecCannotCarry() {
        assertThatThrownBy(() -> TensorCodec.FP16.encode(new float[] {70000f}, 1, 1)).hasMessageContaining("65504");
        assertThatThrownBy(() -> TensorCodec.FP32.encode(new float[] {Float.NaN}, 1, 1)).hasMessageContaining("not finite");
        assertThatThrownBy(() -> TensorCodec.INT8.encode(new float[3], 2, 2)).hasMessageContaining("does not match");
    }

    @Test
    void decodeNamesTheFieldAndTheProblem() {
        Tensor good = TensorCodec.FP32.encode(new float[] {1, 2, 3, 4}, 2, 2);
        assertThatThrownBy(() -> TensorCodec.decode(good.toBuilder().setData(ByteString.copyFrom(new byte[15])).build(), "tokens"))
                .isInstanceOf(InvalidPayloadException.class).hasMessageContaining("tokens: 15 data bytes, expected 16");
        assertThatThrownBy(() -> TensorCodec.decode(good.toBuilder().setDtype(DType.DTYPE_UNSPECIFIED).build(), "tokens"))
                .hasMessageContaining("dtype");
        assertThatThrownBy(() -> TensorCodec.decode(good.toBuilder().clearShape().addShape(2).addShape(0).build(), "tokens"))
                .hasMessageContaining("dimension < 1");
        assertThatThrownBy(() -> TensorCodec.decode(good.toBuilder().clearShape().build(), "tokens"))
                .hasMessageContaining("shape is empty");
        Tensor nan = good.toBuilder().setData(ByteString.copyFrom(new byte[] {0, 0, (byte) 0xc0, 0x7f, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0})).build();
        assertThatThrownBy(() -> TensorCodec.decode(nan, "tokens")).hasMessageContaining("element 0 is NaN");
        Tensor int8 = TensorCodec.INT8.encode(new float[] {1, 2, 3, 4}, 2, 2);
        assertThatThrownBy(() -> TensorCodec.decode(int8.toBuilder().setScales(ByteString.copyFrom(new byte[4])).build(), "tokens"))
                .hasMessageContaining("4 scale bytes, expected 8");
        assertThatThrownBy(() -> TensorCodec.parse("bf16")).hasMessageContaining("expected fp32, fp16 or int8");
    }

    /** The engine converts fp16 on the hot path: its bytes, values and errors must be the reference's. */
    @Test
    void engineArraysEncodeAndDecodeExactlyLikeTheReference() {
        float[] x = randomTokens(197, 192, 5);
        float[] special = {0f, -0f, 65504f, 65519f, 1 + 0x1p-11f, 1 + 3 * 0x1p-11f, 0x1p-24f, 0x1p-25f, 0x1.8p-25f, -6.1035156e-5f};
        System.arraycopy(special, 0, x, 0, special.length);
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray array = NativeArrays.floats(manager, x, new Shape(1, 197, 192));
            for (TensorCodec codec : TensorCodec.values()) {
                Tensor reference = codec.encode(x, 197, 192);
                Tensor engine = codec.encode(array, 197, 192);
                assertThat(engine).as(codec.cliName()).isEqualTo(reference);
                NDArray decoded = TensorCodec.decode(engine, "tokens", manager, new Shape(1, 197, 192));
                assertThat(NativeArrays.toFloats(decoded)).as(codec.cliName()).containsExactly(TensorCodec.decode(reference, "tokens"));
            }
            NDArray tooBig = NativeArrays.floats(manager, new float[] {1f, -70000f}, new Shape(1, 2));
            assertThatThrownBy(() -> TensorCodec.FP16.encode(tooBig, 1, 2)).hasMessageContaining("-70000.0 (element 1)")
                    .hasMessageContaining("65504");
            Tensor nan = TensorCodec.FP16.encode(new float[] {1, 2, 3, 4}, 2, 2).toBuilder()
                    .setData(ByteString.copyFrom(new byte[] {0, 0x3c, 0, 0, 0, 0x7e, 0, 0})).build();
            assertThatThrownBy(() -> TensorCodec.decode(nan, "tokens.tokens", manager, new Shape(1, 2, 2)))
                    .isInstanceOf(InvalidPayloadException.class).hasMessageContaining("tokens.tokens: element 2 is NaN");
            Tensor shortData = nan.toBuilder().setData(ByteString.copyFrom(new byte[6])).build();
            assertThatThrownBy(() -> TensorCodec.decode(shortData, "tokens.tokens", manager, new Shape(1, 2, 2)))
                    .isInstanceOf(InvalidPayloadException.class).hasMessageContaining("6 data bytes, expected 8");
        }
    }

    /**
     * Bytes on the wire per frame against the scheduler's payload model: values × bytes per value (+ a 4-byte scale
     * per token for int8) + 4 bytes of size per token + a fixed framing of about 130 bytes (digest, ids, schedule, shapes).
     */
    @Test
    void requestSizeIsTheTokenPayloadPlusSmallFraming() {
        int tokens = 197;
        int dim = 192;
        for (TensorCodec codec : TensorCodec.values()) {
            float[] sizes = new float[tokens];
            java.util.Arrays.fill(sizes, 1f);
            FinishRequest request = FinishRequest.newBuilder()
                    .setModelDigest("f".repeat(64)).setFrameId(123456).setSplitPoint(3)
                    .addAllMerged(java.util.List.of(9, 8, 8, 7, 7, 6, 6, 5, 5, 5, 4, 4)).setSchedule("exp:0.05").setTopK(5)
                    .setTokens(TokenPayload.newBuilder()
                            .setTokens(codec.encode(randomTokens(tokens, dim, 4), tokens, dim))
                            .setSizes(TensorCodec.FP32.encode(sizes, tokens, 1)))
                    .build();
            long model = (long) tokens * dim * codec.bytesPerValue() + (codec == TensorCodec.INT8 ? tokens * 4L : 0) + tokens * 4L;
            assertThat(request.getSerializedSize() - model).as(codec.cliName()).isBetween(0L, 160L);
        }
    }
}
