package io.janus.profile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class LinearFitTest {

    @Test
    void pointsOnALineAreFittedExactly() {
        LinearFit fit = LinearFit.of(new double[] {197, 150, 100, 11}, new double[] {0.02 * 197 + 0.3,
            0.02 * 150 + 0.3, 0.02 * 100 + 0.3, 0.02 * 11 + 0.3});
        assertThat(fit.a()).isCloseTo(0.02, within(1e-12));
        assertThat(fit.b()).isCloseTo(0.3, within(1e-12));
        assertThat(fit.r2()).isCloseTo(1.0, within(1e-12));
        assertThat(fit.at(50)).isCloseTo(1.3, within(1e-12));
    }

    @Test
    void scatterLowersRSquared() {
        // y = x with a residual of ±1 at each point: R² = 1 − SSres/SStot = 1 − 4/20.
        LinearFit fit = LinearFit.of(new double[] {0, 1, 2, 3, 4}, new double[] {0, 2, 1, 4, 3});
        assertThat(fit.a()).isCloseTo(0.8, within(1e-12));
        assertThat(fit.b()).isCloseTo(0.4, within(1e-12));
        assertThat(fit.r2()).isCloseTo(0.64, within(1e-12));
    }

    @Test
    void aFlatLineHasPerfectRSquared() {
        assertThat(LinearFit.of(new double[] {1, 2, 3}, new double[] {5, 5, 5}).r2()).isEqualTo(1.0);
    }

    @Test
    void aSingleTokenCountCannotBeFitted() {
        assertThatThrownBy(() -> LinearFit.of(new double[] {3, 3}, new double[] {1, 2}))
                .hasMessageContaining("two distinct x values");
        assertThatThrownBy(() -> LinearFit.of(new double[] {1, 2}, new double[] {1}))
                .hasMessageContaining("2 x values but 1 y values");
    }
}
