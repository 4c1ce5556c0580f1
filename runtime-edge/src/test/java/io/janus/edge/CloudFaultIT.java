package io.janus.edge;

import static org.assertj.core.api.Assertions.assertThat;

import io.janus.model.VitModel;
import io.janus.plan.Decider;
import io.janus.plan.Decision;
import io.janus.plan.Mode;
import io.janus.process.ChildProcess;
import io.janus.schedule.Schedule;
import io.janus.testing.Digits;
import io.janus.testing.ShippedModel;
import io.janus.wire.FrameCodec;
import io.janus.wire.LoopbackPorts;
import io.janus.wire.TensorCodec;
import io.janus.wire.TransportSecurity;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * A hung cloud (SIGSTOP: the socket stays open, nothing answers) must cost a frame at most one deadline, never stall
 * the stream, and collaboration must resume once it runs again (SIGCONT). kill -9 of the cloud is covered by
 * {@link EdgeRuntimeIT}.
 */
@ExtendWith(ShippedModel.class)
class CloudFaultIT {

    private static final int SLA_MS = 1_000;
    /** Device compute of a frame on a loaded 2-core machine, on top of the deadline it waited. */
    private static final int DEVICE_MARGIN_MS = 2_000;
    private static VitModel model;

    @BeforeAll
    static void load(VitModel shipped) {
        model = shipped;
    }

    @Test
    void aHungCloudCostsAFrameAtMostOneDeadlineAndCollaborationResumesWhenItRunsAgain(@TempDir Path dir) throws Exception {
        int port = LoopbackPorts.free();
        ChildProcess cloud = TestingCloudProcess.start(port, dir.resolve("cloud.log"));
        EdgeOptions options = new EdgeOptions(SLA_MS, FrameCodec.lossless(), null, 1.0, 5, 10, 5, 3, Duration.ofMillis(100));
        Decision decision = new Decision(Schedule.parse("exp:0.1"), 3, TensorCodec.FP16);
        List<FrameResult> results = Collections.synchronizedList(new ArrayList<>());
        AtomicBoolean streaming = new AtomicBoolean(true);
        try (EdgeRuntime edge = new EdgeRuntime(model, CloudClient.connect("127.0.0.1:" + port, TransportSecurity.plaintext()),
                Decider.fixed(decision), options, new PrometheusRegistry())) {
            Thread stream = new Thread(() -> {
                for (int i = 0; streaming.get() && i < 5000; i++) {
                    results.add(edge.process(Digits.get(i % 2000)));
                }
            });
            stream.start();
            // A cold JVM's first frames may miss the SLA and fall back: the test starts once ten in a row collaborated.
            waitFor(() -> lastAllCollaborative(results, 10), "ten collaborative frames in a row before the cloud hangs");
            signal(cloud, "STOP");
            int stoppedAt = results.size();
            waitFor(() -> results.size() >= stoppedAt + 10, "frames while the cloud is hung");
            assertThat(edge.status().cloudReachable()).as("the breaker opened").isFalse();
            signal(cloud, "CONT");
            int resumedAt = results.size();
            waitFor(() -> results.size() > resumedAt && results.get(results.size() - 1).mode() == Mode.COLLABORATIVE,
                    "collaboration after SIGCONT");
            streaming.set(false);
            stream.join(30_000);

            List<FrameResult> hung = results.subList(stoppedAt, stoppedAt + 10);
            assertThat(hung).allMatch(r -> r.mode() == Mode.DEVICE_ONLY && !r.labels().isEmpty());
            for (FrameResult r : results) {
                // The deadline is what is left of the SLA: a frame that waited for the hung cloud ends by about 2 × SLA.
                assertThat(r.latency().totalMs()).as("frame %d", r.frameId()).isLessThan(2 * SLA_MS + DEVICE_MARGIN_MS);
            }
            long waitedOut = hung.stream().filter(r -> "DEADLINE_EXCEEDED".equals(r.fallbackReason())).count();
            assertThat(waitedOut).as("frames that waited a deadline before the breaker opened").isBetween(1L, 4L);
            // The breaker opens after 3 failures; the frame in flight at SIGSTOP may be a fourth.
            assertThat(hung.subList(5, 10)).as("once the breaker is open no frame waits for the cloud")
                    .allMatch(r -> "breaker-open".equals(r.fallbackReason()) && r.latency().transferMs() == 0);
        } finally {
            streaming.set(false);
            signal(cloud, "CONT");
            cloud.kill();
        }
    }

    private static boolean lastAllCollaborative(List<FrameResult> results, int n) {
        synchronized (results) {
            return results.size() >= n
                    && results.subList(results.size() - n, results.size()).stream().allMatch(r -> r.mode() == Mode.COLLABORATIVE);
        }
    }

    private static void signal(ChildProcess p, String signal) throws Exception {
        int exit = new ProcessBuilder("kill", "-" + signal, String.valueOf(p.pid())).inheritIO().start().waitFor();
        assertThat(exit).as("kill -%s %d", signal, p.pid()).isZero();
    }

    static void waitFor(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + 90_000_000_000L;
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("timed out waiting for " + what).isLessThan(deadline);
            Thread.sleep(10);
        }
    }
}
