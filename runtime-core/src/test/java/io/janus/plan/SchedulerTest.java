package io.janus.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.janus.profile.LatencyProfile;
import io.janus.profile.LatencyProfile.BlockLatency;
import io.janus.profile.ModelGeometry;
import io.janus.schedule.Schedule;
import io.janus.testing.ProjectFiles;
import io.janus.wire.TensorCodec;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class SchedulerTest {

    private static final ModelGeometry TINY = ModelGeometry.VIT_TINY_MNIST;

    /** Edge ~10× slower per block than the cloud. */
    private static final LatencyProfile EDGE = LatencyProfile.synthetic(TINY, "edge", 1.0, 0.02, 0.3, 0.1);
    private static final LatencyProfile CLOUD = LatencyProfile.synthetic(TINY, "cloud", 0.2, 0.002, 0.1, 0.05);
    private static final PayloadModel FP16 = new TokenPayloadModel(TensorCodec.FP16, TINY.dim(), 784);

    private static Scheduler scheduler(SchedulerConfig config) {
        return new Scheduler(EDGE, CLOUD, config, FP16);
    }

    @Test
    void predictionsAddUpTheStagesOfASmallModel() {
        // depth 2, 8 patches + cls; α grid 0, 0.25, 0.5: tokens entering blocks [9, 9 | 7, 6 | 5, 3] .
        ModelGeometry g = new ModelGeometry(2, 8, 1, 4);
        LatencyProfile edge = LatencyProfile.synthetic(g, "edge", 3, 1, 2, 5);      // block = t + 2 ms
        LatencyProfile cloud = LatencyProfile.synthetic(g, "cloud", 0.5, 0.1, 0, 1); // block = 0.1·t ms
        PayloadModel bytes = PayloadModel.of(TensorCodec.FP16, (s, tokens) -> s == 0 ? 1000 : 100L * tokens);
        SchedulerConfig config = new SchedulerConfig(0.25, 0.5, 0, CandidateSplits.all(2), null, 0);
        Scheduler scheduler = new Scheduler(edge, cloud, config, bytes);
        assertThat(scheduler.rates()).containsExactly(0.0, 0.25, 0.5);

        List<Decision> at25 = scheduler.splitsAt(0.25, 8.0, 4.0, 1000);   // 8 Mbps: 1 ms per 1000 bytes
        assertThat(at25).extracting(Decision::splitPoint).containsExactly(0, 1, 2, 3);
        assertThat(at25).extracting(d -> d.mode(2))
                .containsExactly(Mode.CLOUD_ONLY, Mode.COLLABORATIVE, Mode.COLLABORATIVE, Mode.DEVICE_ONLY);
        // cloud-only: embed 0.5 + blocks 0.9 + 0.7 + head 1 in the cloud; the frame takes 1 ms.
        assertDecision(at25.get(0), 0, 3.1, 1000, 1.0, 8.1);
        // split 1: edge embed 3 + block (9+2); 7 tokens sent; cloud block 0.7 + head 1.
        assertDecision(at25.get(1), 14, 1.7, 700, 0.7, 20.4);
        // split 2 = L: edge ran both blocks (11 + 9); 6 tokens sent; the cloud runs only the head.
        assertDecision(at25.get(2), 23, 1.0, 600, 0.6, 28.6);
        // device-only: everything on the edge, head included; no transfer, no RTT.
        assertDecision(at25.get(3), 28, 0.0, 0, 0.0, 28.0);
        assertThat(at25.get(3).networkRttMs()).isZero();
        assertThat(at25.get(1).schedule()).isEqualTo(Schedule.parse("exp:0.25"));
        assertThat(at25.get(1).choice().tokensAtSplit()).isEqualTo(7);
    }

    private static void assertDecision(Decision d, double edgeMs, double cloudMs, long bytes, double transferMs,
            double totalMs) {
        assertThat(d.edgeMs()).as("edge ms at split %d", d.splitPoint()).isCloseTo(edgeMs, within(1e-9));
        assertThat(d.cloudMs()).as("cloud ms at split %d", d.splitPoint()).isCloseTo(cloudMs, within(1e-9));
        assertThat(d.payloadBytes()).isEqualTo(bytes);
        assertThat(d.transferMs()).isCloseTo(transferMs, within(1e-9));
        assertThat(d.predictedMs()).isCloseTo(totalMs, within(1e-9));
    }

    @Test
    void decisionsEqualABruteForceSearchOnRandomProfilesNetworksAndSlas() {
        Random random = new Random(20250501);
        for (int trial = 0; trial < 400; trial++) {
            ModelGeometry g = new ModelGeometry(1 + random.nextInt(24), 16 + random.nextInt(600), random.nextInt(2),
                    8 + random.nextInt(1024));
            LatencyProfile edge = randomProfile(random, g, 10);
            LatencyProfile cloud = randomProfile(random, g, 1);
            PayloadModel payload = new TokenPayloadModel(TensorCodec.values()[random.nextInt(3)], g.dim(),
                    1 + random.nextInt(500_000));
            CandidateSplits splits = random.nextBoolean() ? CandidateSplits.all(g.depth())
                    : CandidateSplits.fineToCoarse(g.depth(), 1 + random.nextInt(8));
            SchedulerConfig config = new SchedulerConfig(0.01 * (1 + random.nextInt(5)), 0.05 + 0.5 * random.nextDouble(),
                    random.nextInt(g.patchTokens() / 4 + 1), splits, null, 0);
            if (random.nextBoolean()) {
                AccuracyProfile accuracy = randomAccuracy(random);
                config = config.withAccuracy(accuracy, random.nextBoolean() ? 0 : 0.85);
            }
            Scheduler scheduler;
            try {
                scheduler = new Scheduler(edge, cloud, config, payload);
            } catch (IllegalArgumentException noRateAboveTheFloor) {
                assertThat(noRateAboveTheFloor).hasMessageContaining("floor");
                continue;
            }
            for (int q = 0; q < 25; q++) {
                double mbps = Math.exp(Math.log(0.01) + random.nextDouble() * Math.log(1e5));   // 0.01 … 1000 Mbps
                double rtt = random.nextDouble() * 100;
                double sla = 1 + random.nextDouble() * 2000;
                Decision expected = bruteForce(edge, cloud, config, payload, g, mbps, rtt, sla);
                Decision actual = scheduler.decide(mbps, rtt, sla);
                assertThat(actual.alpha()).as("trial %d query %d α", trial, q).isEqualTo(expected.alpha());
                assertThat(actual.splitPoint()).as("trial %d query %d split", trial, q).isEqualTo(expected.splitPoint());
                assertThat(actual.predictedMs()).isCloseTo(expected.predictedMs(), within(1e-6));
                assertThat(actual.meetsSla()).isEqualTo(expected.meetsSla());
            }
        }
    }

    /** Algorithm 1 written out directly: every grid rate, every candidate split, stage by stage. */
    private static Decision bruteForce(LatencyProfile edge, LatencyProfile cloud, SchedulerConfig config,
            PayloadModel payload, ModelGeometry g, double mbps, double rtt, double sla) {
        List<double[]> rates = new ArrayList<>();   // {α, accuracy}
        for (int i = 0; i * config.alphaStep() <= Math.min(config.maxAlpha(), 0.5) + 1e-9; i++) {
            double alpha = Math.round(i * config.alphaStep() * 1e9) / 1e9;
            int[] t = Schedule.exponential(alpha).tokenCounts(g.patchTokens(), g.prefixTokens(), g.depth());
            // Without an accuracy profile a smaller α counts as more accurate.
            double acc = config.accuracy() == null ? -alpha : config.accuracy().at(alpha);
            boolean aboveFloor = config.accuracy() == null || acc >= config.accuracyFloor();
            if (t[g.depth()] - g.prefixTokens() >= config.minTokens() && aboveFloor) {
                rates.add(new double[] {alpha, acc});
            }
        }
        rates.sort((x, y) -> x[1] != y[1] ? Double.compare(y[1], x[1]) : Double.compare(x[0], y[0]));
        Decision fastest = null;
        for (double[] rate : rates) {
            Decision best = null;
            for (int s : config.splits().points()) {
                Decision d = stageByStage(edge, cloud, payload, g, rate[0], s, mbps, rtt, sla);
                if (best == null || d.predictedMs() < best.predictedMs()) {
                    best = d;
                }
            }
            if (best.meetsSla()) {
                return best;
            }
            if (fastest == null || best.predictedMs() < fastest.predictedMs()) {
                fastest = best;
            }
        }
        return fastest;
    }

    private static Decision stageByStage(LatencyProfile edge, LatencyProfile cloud, PayloadModel payload,
            ModelGeometry g, double alpha, int s, double mbps, double rtt, double sla) {
        int depth = g.depth();
        int[] t = Schedule.exponential(alpha).tokenCounts(g.patchTokens(), g.prefixTokens(), depth);
        double edgeMs = 0;
        double cloudMs = 0;
        if (s == 0) {
            cloudMs += cloud.embedMs();
        } else {
            edgeMs += edge.embedMs();
        }
        for (int l = 0; l < depth; l++) {
            if (l < s) {
                edgeMs += edge.blockMs(l, t[l], t[l + 1]);
            } else {
                cloudMs += cloud.blockMs(l, t[l], t[l + 1]);
            }
        }
        if (s == depth + 1) {
            edgeMs += edge.headMs();
        } else {
            cloudMs += cloud.headMs();
        }
        long bytes = s == depth + 1 ? 0 : payload.bytes(s, s == 0 ? 0 : t[s]);
        double network = s == depth + 1 ? 0 : bytes * 8 / (mbps * 1000) + rtt;
        Choice c = new Choice(alpha, Schedule.exponential(alpha), s, Mode.of(s, depth), 0, edgeMs, cloudMs, bytes, 0);
        double total = edgeMs + cloudMs + network;
        return new Decision(c.schedule(), s, payload.codec(), total,
                new Decision.Prediction(c, mbps, rtt, sla, network, total <= sla));
    }

    private static LatencyProfile randomProfile(Random random, ModelGeometry g, double slowness) {
        List<BlockLatency> blocks = new ArrayList<>();
        for (int l = 0; l < g.depth(); l++) {
            blocks.add(new BlockLatency(l, slowness * 0.05 * random.nextDouble(), slowness * random.nextDouble(), 1,
                    List.of()));
        }
        return new LatencyProfile(LatencyProfile.FORMAT, new LatencyProfile.ProfiledModel("random", g), "random", 1,
                "now", null, new LatencyProfile.Method(0, 1), slowness * random.nextDouble(),
                slowness * random.nextDouble(), blocks);
    }

    /** Accuracy that mostly falls with α but not monotonically, over a random range of rates. */
    private static AccuracyProfile randomAccuracy(Random random) {
        int n = 10 + random.nextInt(50);
        double[] alphas = new double[n];
        double[] acc = new double[n];
        for (int i = 0; i < n; i++) {
            alphas[i] = i * 0.01;
            acc[i] = Math.max(0, 0.95 - 0.3 * alphas[i] + 0.05 * random.nextDouble());
        }
        return AccuracyProfile.of(alphas, acc);
    }

    @Test
    void noBandwidthMeansDeviceOnly() {
        Scheduler scheduler = scheduler(SchedulerConfig.defaults(TINY));
        Decision d = scheduler.decide(0.0, 10, 200);
        assertThat(d.choice().mode()).isEqualTo(Mode.DEVICE_ONLY);
        assertThat(d.splitPoint()).isEqualTo(TINY.depth() + 1);
        assertThat(d.alpha()).isZero();
        assertThat(d.meetsSla()).isTrue();
        // A budget the device misses at α = 0 buys the merging that meets it.
        Decision tight = scheduler.decide(0.0, 10, 30);
        assertThat(tight.choice().mode()).isEqualTo(Mode.DEVICE_ONLY);
        assertThat(tight.alpha()).isGreaterThan(0.0);
        assertThat(tight.predictedMs()).isLessThanOrEqualTo(30);
        assertThat(scheduler.decide(0.0, 10, 5).meetsSla()).isFalse();
    }

    @Test
    void unlimitedBandwidthMeansCloudOnlyAtFullAccuracyWhenTheCloudIsFaster() {
        Scheduler scheduler = scheduler(SchedulerConfig.defaults(TINY));
        Decision d = scheduler.decide(Double.POSITIVE_INFINITY, 5, 100);
        assertThat(d.choice().mode()).isEqualTo(Mode.CLOUD_ONLY);
        assertThat(d.alpha()).isZero();
        assertThat(d.schedule()).isEqualTo(Schedule.none());
        assertThat(d.transferMs()).isZero();
        assertThat(d.predictedMs()).isCloseTo(5 + CLOUD.embedMs() + 12 * (0.002 * 197 + 0.1) + CLOUD.headMs(),
                within(1e-9));
    }

    @Test
    void anImpossibleSlaGetsTheFastestChoiceOverall() {
        Scheduler scheduler = scheduler(SchedulerConfig.defaults(TINY));
        for (double mbps : new double[] {0.05, 0.5, 3, 20, 200}) {
            Decision d = scheduler.decide(mbps, 20, 0.001);
            double fastest = scheduler.choices().stream()
                    .mapToDouble(c -> c.predictedMs(mbps, 20)).min().orElseThrow();
            assertThat(d.meetsSla()).isFalse();
            assertThat(d.predictedMs()).as("%s Mbps", mbps).isEqualTo(fastest);
        }
    }

    @Test
    void theMostAccurateRateThatMeetsTheSlaWins() {
        Scheduler scheduler = scheduler(SchedulerConfig.defaults(TINY));
        // At 2 Mbps and RTT 20 ms, looser budgets allow gentler merging.
        double previous = 1;
        for (double sla : new double[] {25, 30, 40, 60, 120}) {
            Decision d = scheduler.decide(2, 20, sla);
            assertThat(d.meetsSla()).isTrue();
            assertThat(d.alpha()).as("SLA %s", sla).isLessThanOrEqualTo(previous);
            previous = d.alpha();
            for (Decision better : scheduler.bestPerRate(2, 20, sla)) {
                if (better.alpha() < d.alpha()) {
                    assertThat(better.meetsSla()).isFalse();
                }
            }
        }
        assertThat(previous).isZero();
    }

    @Test
    void theRateGridEndsWhereTooFewPatchTokensRemain() throws IOException {
        // Default minTokens = ⌈5% of 196⌉ = 10: α = 0.23 leaves 11 patch tokens, α = 0.24 leaves 9.
        double[] rates = scheduler(SchedulerConfig.defaults(TINY)).rates();
        assertThat(rates).hasSize(24);
        assertThat(rates[23]).isEqualTo(0.23);
        assertThat(rates[7]).isEqualTo(0.07);
        assertThat(scheduler(SchedulerConfig.defaults(TINY).withMinTokens(0)).rates()).hasSize(51);
        assertThat(scheduler(SchedulerConfig.defaults(TINY).withMaxAlpha(0.1)).rates()).hasSize(11);
    }

    @Test
    void anAccuracyProfileOrdersTheRatesAndEnforcesItsFloor() {
        // Accuracy peaks at α = 0.02 and falls under 0.9 beyond α = 0.04.
        AccuracyProfile accuracy = AccuracyProfile.of(new double[] {0, 0.01, 0.02, 0.03, 0.04, 0.05, 0.06},
                new double[] {0.95, 0.96, 0.97, 0.92, 0.91, 0.89, 0.5});
        Scheduler scheduler = scheduler(SchedulerConfig.defaults(TINY).withAccuracy(accuracy, 0.9));
        assertThat(scheduler.rates()).containsExactly(0.02, 0.01, 0.0, 0.03, 0.04);
        Decision relaxed = scheduler.decide(100, 5, 1000);
        assertThat(relaxed.alpha()).isEqualTo(0.02);
        assertThat(relaxed.choice().accuracy()).isEqualTo(0.97);
        // No budget can be met: the fastest choice above the floor, never α = 0.05 or 0.06.
        assertThat(scheduler.decide(0.0, 5, 0.001).alpha()).isEqualTo(0.04);
        assertThatThrownBy(() -> scheduler(SchedulerConfig.defaults(TINY).withAccuracy(accuracy, 0.99)))
                .hasMessageContaining("floor 0.990");
    }

    @Test
    void theReferenceAccuracyTableIsAccepted() throws IOException {
        AccuracyProfile accuracy = AccuracyProfile.read(ProjectFiles.fixture("accuracy.json"), "accuracy_hard");
        Scheduler scheduler = scheduler(SchedulerConfig.defaults(TINY).withAccuracy(accuracy, 0.944));
        double[] rates = scheduler.rates();
        assertThat(rates[0]).isEqualTo(0.15);           // 0.946, the best measured hard accuracy
        assertThat(rates[1]).isEqualTo(0.10);           // 0.9455 ties with 0.16 and 0.18: the smaller α first
        assertThat(rates).contains(0.0, 0.22).doesNotContain(0.14, 0.23);   // 0.9435 and 0.942 are under the floor
    }

    @Test
    void choosingAllocatesNothing() {
        Scheduler scheduler = new Scheduler(
                LatencyProfile.synthetic(ModelGeometry.VIT_L_384, "edge", 5, 0.06, 0.5, 1),
                LatencyProfile.synthetic(ModelGeometry.VIT_L_384, "cloud", 0.5, 0.004, 0.2, 0.1),
                SchedulerConfig.defaults(ModelGeometry.VIT_L_384),
                new TokenPayloadModel(TensorCodec.FP16, 1024, 60_000));
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        double sink = 0;
        for (int i = 0; i < 20_000; i++) {
            sink += scheduler.choose(1 + i % 100, 10, 50 + i % 500).alpha();
        }
        long before = threads.getCurrentThreadAllocatedBytes();
        for (int i = 0; i < 100_000; i++) {
            sink += scheduler.choose(1 + i % 100, 10, 50 + i % 500).alpha();
        }
        long allocated = threads.getCurrentThreadAllocatedBytes() - before;
        assertThat(sink).isPositive();
        assertThat(allocated).as("bytes allocated by 100,000 decisions").isLessThan(10_000);
    }

    @Test
    void badInputsAreRejectedWithTheReason() {
        Scheduler scheduler = scheduler(SchedulerConfig.defaults(TINY));
        assertThatThrownBy(() -> scheduler.decide(-1, 10, 50)).hasMessageContaining("bandwidth must be >= 0 Mbps");
        assertThatThrownBy(() -> scheduler.decide(Double.NaN, 10, 50)).hasMessageContaining("bandwidth");
        assertThatThrownBy(() -> scheduler.decide(10, -1, 50)).hasMessageContaining("RTT");
        assertThatThrownBy(() -> scheduler.decide(10, 1, 0)).hasMessageContaining("SLA must be > 0 ms");
        LatencyProfile otherModel = LatencyProfile.synthetic(ModelGeometry.VIT_L_384, "cloud", 1, 1, 1, 1);
        assertThatThrownBy(() -> new Scheduler(EDGE, otherModel, SchedulerConfig.defaults(TINY), FP16))
                .hasMessageContaining("edge profile is for a model of geometry");
        assertThatThrownBy(() -> scheduler(SchedulerConfig.defaults(TINY).withMinTokens(500)))
                .hasMessageContaining("exceeds the model's 196 patch tokens");
    }
}
