package io.janus.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.janus.wire.TensorCodec;
import org.junit.jupiter.api.Test;

class TokenPayloadModelTest {

    private static final int FRAMING = TokenPayloadModel.FRAMING_BYTES;

    @Test
    void tokensCostTheirValuesTheirSizeAndTheFraming() {
        assertThat(new TokenPayloadModel(TensorCodec.FP32, 192, 784).bytes(1, 177)).isEqualTo(177L * (192 * 4 + 4) + FRAMING);
        assertThat(new TokenPayloadModel(TensorCodec.FP16, 192, 784).bytes(6, 60)).isEqualTo(60L * (192 * 2 + 4) + FRAMING);
        // int8 adds a 4-byte scale per token.
        assertThat(new TokenPayloadModel(TensorCodec.INT8, 192, 784).bytes(6, 60)).isEqualTo(60L * (192 + 4 + 4) + FRAMING);
    }

    @Test
    void cloudOnlySendsTheEncodedFrame() {
        assertThat(new TokenPayloadModel(TensorCodec.FP32, 1024, 50_000).bytes(0, 0)).isEqualTo(50_000 + FRAMING);
    }

    @Test
    void codecsParseByName() {
        assertThat(TensorCodec.parse("FP16")).isEqualTo(TensorCodec.FP16);
        assertThat(TensorCodec.parse(" int8")).isEqualTo(TensorCodec.INT8);
        assertThatThrownBy(() -> TensorCodec.parse("bf16")).hasMessageContaining("expected fp32, fp16 or int8");
        assertThatThrownBy(() -> new TokenPayloadModel(TensorCodec.FP32, 0, 10)).hasMessageContaining("dim");
    }
}
