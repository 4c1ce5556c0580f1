package io.janus.profile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.janus.model.ModelDigest;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ProfilerTest {

    private static final Clock CLOCK = Clock.fixed(Instant.parse("2025-05-01T12:00:00.250Z"), ZoneOffset.UTC);

    /**
     * A device whose block l costs (l+1)·0.01 ms per token + 0.2 ms, two thirds of its per-token cost in its MLP stage,
     * and whose merge step costs 0.002 ms per token + 0.3 ms; with a spike every 4th call of each stage.
     */
    static class TestingStageTimer implements StageTimer {
        final Map<String, Integer> calls = new HashMap<>();

        @Override
        public ModelGeometry geometry() {
            return ModelGeometry.VIT_TINY_MNIST;
        }

        @Override
        public ModelDigest modelDigest() {
            return ModelDigest.of("sha256:test");
        }

        @Override
        public int threads() {
            return 2;
        }

        @Override
        public String device() {
            return "test device";
        }

        @Override
        public double embedMs() {
            return noisy("embed", 0.5);
        }

        @Override
        public double blockMs(int block, int tokens) {
            return noisy("block" + block + "@" + tokens, (block + 1) * 0.01 * tokens + 0.2);
        }

        @Override
        public double mlpMs(int block, int tokens) {
            return noisy("mlp" + block + "@" + tokens, (block + 1) * 0.01 * 2 / 3 * tokens + 0.1);
        }

        @Override
        public double mergeMs(int tokens) {
            return noisy("merge@" + tokens, 0.002 * tokens + 0.3);
        }

        @Override
        public double headMs() {
            return noisy("head", 0.05);
        }

        private double noisy(String stage, double ms) {
            int call = calls.merge(stage, 1, Integer::sum);
            return call % 4 == 0 ? ms * 10 : ms;   // outliers (GC, scheduling) that the median must ignore
        }
    }

    @Test
    void fitsEachBlocksLineThroughTheMedians() {
        TestingStageTimer device = new TestingStageTimer();
        LatencyProfile p = new Profiler(2, 5, 8, CLOCK).measure(device);

        assertThat(p.blocks()).hasSize(12);
        for (LatencyProfile.BlockLatency b : p.blocks()) {
            assertThat(b.a()).as("block %d", b.block()).isCloseTo((b.block() + 1) * 0.01, within(1e-9));
            assertThat(b.b()).isCloseTo(0.2, within(1e-9));
            assertThat(b.r2()).isCloseTo(1.0, within(1e-9));
            assertThat(b.samples()).hasSize(8);
            assertThat(b.mlp().a()).isCloseTo((b.block() + 1) * 0.01 * 2 / 3, within(1e-9));
        }
        assertThat(p.merge().a()).isCloseTo(0.002, within(1e-9));
        assertThat(p.merge().b()).isCloseTo(0.3, within(1e-9));
        assertThat(p.embedMs()).isEqualTo(0.5);
        assertThat(p.headMs()).isEqualTo(0.05);
        assertThat(p.model().digest().hex()).isEqualTo("sha256:test");
        assertThat(p.threads()).isEqualTo(2);
        assertThat(p.measuredAt()).isEqualTo("2025-05-01T12:00:00Z");
        assertThat(p.emulation()).isNull();
        assertThat(p.method()).isEqualTo(new LatencyProfile.Method(2, 5));
    }

    @Test
    void aMergingBlockRunsItsMlpOnTheTokensLeftAndPaysTheMergeStep() {
        LatencyProfile p = new Profiler(2, 5, 8, CLOCK).measure(new TestingStageTimer());
        // block 2: 0.03 ms/token, 0.02 of it in the MLP stage; 197 → 150 tokens
        double attentionAt197 = 0.01 * 197;
        double mlpAt150 = 0.02 * 150;
        double merge = 0.002 * 197 + 0.3;
        assertThat(p.blockMs(2, 197, 150)).isCloseTo(attentionAt197 + 0.2 + mlpAt150 + merge, within(1e-9));
        assertThat(p.blockMs(2, 197, 197)).isCloseTo(0.03 * 197 + 0.2, within(1e-9));
    }

    @Test
    void aProfileWithoutStageLinesPricesAMergingBlockByItsInputTokens() {
        LatencyProfile p = LatencyProfile.synthetic(ModelGeometry.VIT_TINY_MNIST, "test", 1, 0.01, 0.2, 1);
        assertThat(p.blockMs(0, 197, 150)).isCloseTo(0.01 * 197 + 0.2, within(1e-9));
    }

    /** The testing device, three times slower for a spell of consecutive calls. */
    static final class SpellOfLoad extends TestingStageTimer {
        private final int from;
        private final int to;
        private int call;

        SpellOfLoad(int from, int to) {
            this.from = from;
            this.to = to;
        }

        private double load(double ms) {
            call++;
            return call > from && call <= to ? 3 * ms : ms;
        }

        @Override
        public double embedMs() {
            return load(super.embedMs());
        }

        @Override
        public double blockMs(int block, int tokens) {
            return load(super.blockMs(block, tokens));
        }

        @Override
        public double mlpMs(int block, int tokens) {
            return load(super.mlpMs(block, tokens));
        }

        @Override
        public double mergeMs(int tokens) {
            return load(super.mergeMs(tokens));
        }

        @Override
        public double headMs() {
            return load(super.headMs());
        }
    }

    @Test
    void aSpellOfLoadDuringTheMeasurementBendsNoBlock() {
        int points = 1 + 12 * 2 * 8 + 8 + 1;
        int calls = points * 9;   // no warm-up, 9 runs; the spell is a sixth of them, two blocks timed in one go
        LatencyProfile p = new Profiler(0, 9, 8, CLOCK).measure(new SpellOfLoad(calls / 2, calls / 2 + calls / 6));
        for (LatencyProfile.BlockLatency b : p.blocks()) {
            assertThat(b.a()).as("block %d", b.block()).isCloseTo((b.block() + 1) * 0.01, within(1e-9));
            assertThat(b.b()).as("block %d", b.block()).isCloseTo(0.2, within(1e-9));
        }
    }

    @Test
    void eachPointIsWarmedUpThenTimedTheConfiguredNumberOfTimes() {
        TestingStageTimer device = new TestingStageTimer();
        new Profiler(3, 7, 4, CLOCK).measure(device);
        assertThat(device.calls.get("embed")).isEqualTo(10);
        assertThat(device.calls.get("head")).isEqualTo(10);
        assertThat(device.calls.get("block5@197")).isEqualTo(10);
        assertThat(device.calls.get("mlp5@197")).isEqualTo(10);
        assertThat(device.calls.get("merge@197")).isEqualTo(10);
    }

    @Test
    void tokenCountsSpanAllTokensDownToFivePercentOfThePatches() {
        int[] t = Profiler.tokenCounts(ModelGeometry.VIT_TINY_MNIST, 8);
        assertThat(t).hasSize(8);
        assertThat(t[0]).isEqualTo(197);
        assertThat(t[7]).isEqualTo(1 + 10);   // class token + ⌈5% of 196⌉
        assertThat(t).isSortedAccordingTo((x, y) -> y - x);
        assertThat(Profiler.tokenCounts(ModelGeometry.VIT_L_384, 8)[7]).isEqualTo(1 + 29);
    }
}
