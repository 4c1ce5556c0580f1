package io.janus.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class CandidateSplitsTest {

    @Test
    void fineToCoarseMatchesTheIssuesExamples() {
        assertThat(CandidateSplits.fineToCoarse(24, 5).points())
                .containsExactly(0, 1, 2, 3, 4, 5, 6, 8, 10, 12, 15, 18, 22, 25);
        assertThat(CandidateSplits.fineToCoarse(12, 5).points())
                .containsExactly(0, 1, 2, 3, 4, 5, 6, 8, 10, 12, 13);
    }

    @Test
    void kControlsHowFastTheSpacingGrows() {
        assertThat(CandidateSplits.fineToCoarse(12, 1).points()).containsExactly(0, 1, 2, 4, 8, 13);
        assertThat(CandidateSplits.fineToCoarse(12, 100).points()).isEqualTo(CandidateSplits.all(12).points());
    }

    @Test
    void allIsEverySplitPoint() {
        assertThat(CandidateSplits.all(3).points()).containsExactly(0, 1, 2, 3, 4);
    }

    @Test
    void specsParse() {
        assertThat(CandidateSplits.parse("fine:5", 24).points()).isEqualTo(CandidateSplits.fineToCoarse(24, 5).points());
        assertThat(CandidateSplits.parse(" FINE ", 12).spec()).isEqualTo("fine:5");
        assertThat(CandidateSplits.parse("all", 12).size()).isEqualTo(14);
        assertThatThrownBy(() -> CandidateSplits.parse("fine:x", 12)).hasMessageContaining("k is not a number");
        assertThatThrownBy(() -> CandidateSplits.parse("fine:0", 12)).hasMessageContaining("k must be >= 1");
        assertThatThrownBy(() -> CandidateSplits.parse("every", 12)).hasMessageContaining("expected fine:K or all");
    }
}
