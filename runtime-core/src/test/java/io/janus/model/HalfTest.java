package io.janus.model;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class HalfTest {

    @Test
    void everyHalfValueRoundTripsThroughFloat() {
        for (int h = 0; h < 0x10000; h++) {
            float f = Half.toFloat((short) h);
            if (Float.isNaN(f)) {
                assertThat(Float.isNaN(Half.toFloat(Half.fromFloat(f)))).isTrue();
            } else {
                assertThat(Half.fromFloat(f) & 0xffff).as("half 0x%04x = %s", h, f).isEqualTo(h);
            }
        }
    }

    @Test
    void narrowingRoundsToNearestEvenAndSaturatesToInfinity() {
        assertThat(Half.toFloat(Half.fromFloat(1.0f + 0x1p-11f))).isEqualTo(1.0f); // tie → even
        assertThat(Half.toFloat(Half.fromFloat(1.0f + 0x1p-11f + 0x1p-20f))).isEqualTo(1.0f + 0x1p-10f);
        assertThat(Half.toFloat(Half.fromFloat(65519f))).isEqualTo(65504f);
        assertThat(Half.toFloat(Half.fromFloat(65520f))).isEqualTo(Float.POSITIVE_INFINITY);
        assertThat(Half.toFloat(Half.fromFloat(0x1p-25f))).isEqualTo(0f);
        assertThat(Half.toFloat(Half.fromFloat(0x1.8p-25f))).isEqualTo(0x1p-24f);
        assertThat(Half.toFloat(Half.fromFloat(-3.14159f))).isEqualTo(-3.140625f);
    }
}
