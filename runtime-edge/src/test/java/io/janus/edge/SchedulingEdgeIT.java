package io.janus.edge;

import static org.assertj.core.api.Assertions.assertThat;

import io.janus.cloud.CloudConfig;
import io.janus.cloud.CloudServer;
import io.janus.model.VitModel;
import io.janus.plan.Decider;
import io.janus.plan.Decision;
import io.janus.plan.LinkEstimate;
import io.janus.plan.Mode;
import io.janus.plan.SchedulerConfig;
import io.janus.plan.TokenPayloadModel;
import io.janus.profile.LatencyProfile;
import io.janus.profile.ModelGeometry;
import io.janus.testing.Digits;
import io.janus.testing.ProjectFiles;
import io.janus.trace.BandwidthTrace;
import io.janus.wire.TensorCodec;
import io.janus.wire.TransportSecurity;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The edge's scheduler planning with the cloud's latency profile, fetched over loopback gRPC (janus.v1 Profile), on an
 * emulated uplink that goes down for three seconds.
 */
class SchedulingEdgeIT {

    /** Generous, so that a loaded build machine does not turn cloud answers into fallbacks. */
    private static final int SLA_MS = 2_000;
    /** EMULATION: the edge is this much slower than the cloud (compute stretched and profile scaled alike). */
    private static final double SLOWDOWN = 4;
    private static final int OUTAGE_END_S = 7;

    @Test
    void schedulesWithTheFetchedCloudProfileAndGoesDeviceOnlyDuringAnOutage(@TempDir Path dir) throws Exception {
        Path csv = dir.resolve("outage.csv");
        StringBuilder trace = new StringBuilder("time_s,uplink_mbps\n");
        for (int t = 0; t < 120; t++) {
            trace.append(t).append(',').append(t >= 4 && t < OUTAGE_END_S ? "0" : "50").append('\n');   // down during [4 s, 7 s)
        }
        Files.writeString(csv, trace);
        try (CloudServer cloud = CloudServer.start(CloudConfig.local(ProjectFiles.model(), TransportSecurity.plaintext()));
             VitModel model = VitModel.load(ProjectFiles.model())) {
            int depth = model.config().depth();
            LatencyProfile edgeProfile = cloud.profile().scaled(SLOWDOWN);     // same machine, emulated slower edge
            SchedulerDecider scheduler = new SchedulerDecider(edgeProfile, SchedulerConfig.defaults(ModelGeometry.of(model.config())),
                    new TokenPayloadModel(TensorCodec.FP16, model.config().embedDim(), 784));
            AtomicInteger decisions = new AtomicInteger();
            Decider counting = new Decider() {
                @Override
                public Decision decide(LinkEstimate link) {
                    decisions.incrementAndGet();
                    return scheduler.decide(link);
                }

                @Override
                public boolean needsCloudProfile() {
                    return scheduler.needsCloudProfile();
                }

                @Override
                public void useCloudProfile(LatencyProfile profile) {
                    scheduler.useCloudProfile(profile);
                }

                @Override
                public String toString() {
                    return scheduler.toString();
                }
            };
            LinkEmulation link = new LinkEmulation(BandwidthTrace.load(csv), Duration.ofMillis(10), System::nanoTime);
            EdgeOptions options = EdgeOptions.defaults(SLA_MS).withLink(link).withSlowdown(SLOWDOWN);
            CloudClient client = CloudClient.connect("127.0.0.1:" + cloud.port(), TransportSecurity.plaintext());
            long start = System.nanoTime();
            try (EdgeRuntime edge = new EdgeRuntime(model, client, counting, options, new PrometheusRegistry())) {
                long fetchDeadline = System.nanoTime() + 10_000_000_000L;
                while (edge.cloudProfilesFetched() == 0 && System.nanoTime() < fetchDeadline) {
                    Thread.sleep(10);
                }
                assertThat(edge.cloudProfilesFetched()).as("the cloud's profile arrives over gRPC").isEqualTo(1);
                assertThat(scheduler.cloudProfile()).isEqualTo(cloud.profile());
                assertThat(scheduler.cloudProfile().model().digest()).isEqualTo(cloud.modelDigest()).isEqualTo(model.digest());

                List<FrameResult> frames = new ArrayList<>();
                // Link up: a 4× slower edge offloads (the cloud answers), with a prediction per decision.
                List<FrameResult> up = run(edge, frames, r -> seconds(start) > 3.0, 30);
                assertThat(up).isNotEmpty().allSatisfy(r -> {
                    assertThat(r.plannedSplit()).isLessThanOrEqualTo(depth);
                    assertThat(r.mode()).isNotEqualTo(Mode.DEVICE_ONLY);
                });
                assertThat(edge.status().predictedMs()).isNotNull().isPositive();
                assertThat(edge.status().decider()).startsWith("scheduler");

                // The outage: the transfer that hits it times out, the bandwidth estimate collapses, the scheduler
                // keeps the following frames on the device.
                while (seconds(start) < 4.2) {
                    Thread.sleep(20);
                }
                List<FrameResult> toDevice = run(edge, frames, r -> r.plannedSplit() == depth + 1, 10);
                List<FrameResult> down = new ArrayList<>(List.of(toDevice.get(toDevice.size() - 1)));
                // Only frames that start well inside the outage: after it the prober finds the link and the cloud
                // rightly gets frames again (a loaded machine may reach 7 s within these frames).
                while (down.size() < 4 && seconds(start) < OUTAGE_END_S - 0.5) {
                    down.addAll(run(edge, frames, r -> true, 1));
                }
                assertThat(down).allSatisfy(r -> {
                    assertThat(r.plannedSplit()).as("decided device-only").isEqualTo(depth + 1);
                    assertThat(r.fallbackReason()).as("not a fallback: a decision").isNull();
                });
                assertThat(edge.status().mode()).isEqualTo(Mode.DEVICE_ONLY);

                // Back: once the outage's slow sample ages out of the estimate (10 s), frames go to the cloud again.
                List<FrameResult> back = run(edge, frames, r -> r.plannedSplit() <= depth && r.fallbackReason() == null, 200);
                assertThat(back.get(back.size() - 1).plannedSplit()).isLessThanOrEqualTo(depth);
                assertThat(back.get(back.size() - 1).mode()).isNotEqualTo(Mode.DEVICE_ONLY);
                assertThat(decisions.get()).as("one decision per frame").isEqualTo(frames.size());
            }
        }
    }

    /** Processes frames until one satisfies {@code stop} (included) or {@code max} frames ran; returns them. */
    private static List<FrameResult> run(EdgeRuntime edge, List<FrameResult> all, Predicate<FrameResult> stop, int max) {
        List<FrameResult> out = new ArrayList<>();
        for (int i = 0; i < max; i++) {
            FrameResult r = edge.process(Digits.get(all.size() % 100));
            out.add(r);
            all.add(r);
            if (stop.test(r)) {
                break;
            }
        }
        return out;
    }

    private static double seconds(long start) {
        return (System.nanoTime() - start) / 1e9;
    }
}
