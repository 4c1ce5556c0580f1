package io.janus.edge;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDManager;
import io.janus.cloud.CloudConfig;
import io.janus.cloud.CloudServer;
import io.janus.model.RawImage;
import io.janus.model.VitModel;
import io.janus.plan.Decider;
import io.janus.plan.Decision;
import io.janus.plan.Mode;
import io.janus.process.ChildProcess;
import io.janus.schedule.Schedule;
import io.janus.testing.Digits;
import io.janus.testing.ProjectFiles;
import io.janus.testing.ShippedModel;
import io.janus.trace.BandwidthTrace;
import io.janus.wire.LoopbackPorts;
import io.janus.wire.TensorCodec;
import io.janus.wire.TransportSecurity;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** Edge and cloud runtimes over real loopback gRPC. */
@ExtendWith(ShippedModel.class)
class EdgeRuntimeIT {

    private static final int SLA_MS = 5_000;
    private static VitModel model;
    private static CloudServer cloud;

    @BeforeAll
    static void start(VitModel shipped) {
        model = shipped;
        cloud = CloudServer.start(CloudConfig.local(ProjectFiles.model(), TransportSecurity.plaintext()));
    }

    @AfterAll
    static void stop() {
        cloud.close();
    }

    private static EdgeRuntime edge(CloudServer server, String split, String schedule, String codec, EdgeOptions options) {
        CloudClient client = CloudClient.connect("127.0.0.1:" + server.port(), TransportSecurity.plaintext());
        Decision d = new Decision(Schedule.parse(schedule), Integer.parseInt(split), TensorCodec.parse(codec));
        return new EdgeRuntime(model, client, Decider.fixed(d), options, new PrometheusRegistry());
    }

    private static int localTop1(RawImage image, Schedule schedule) {
        try (NDManager m = model.manager().newSubManager()) {
            return (int) model.forward(model.preprocessor().batch(m, List.of(image)), schedule).argMax(1).getLong(0);
        }
    }

    @Test
    void fp16AndInt8AgreeWithTheLocalForwardOn200Digits() {
        Schedule schedule = Schedule.parse("exp:0.1");
        int[] local;
        try (NDManager m = model.manager().newSubManager()) {
            List<RawImage> digits = java.util.stream.IntStream.range(0, 200).mapToObj(Digits::get).toList();
            local = model.forward(model.preprocessor().batch(m, digits), schedule).argMax(1).toType(ai.djl.ndarray.types.DataType.INT32, false).toIntArray();
        }
        for (String codec : List.of("fp16", "int8")) {
            try (EdgeRuntime edge = edge(cloud, "3", "exp:0.1", codec, EdgeOptions.defaults(SLA_MS))) {
                int agree = 0;
                long bytes = 0;
                for (int i = 0; i < local.length; i++) {
                    FrameResult r = edge.process(Digits.get(i));
                    assertThat(r.mode()).isEqualTo(Mode.COLLABORATIVE);
                    assertThat(r.splitPoint()).isEqualTo(3);
                    agree += r.top1() == local[i] ? 1 : 0;
                    bytes += r.bytesSent();
                }
                System.out.printf("codec %s: top-1 agreement %d/200, %d bytes/frame at split 3 exp:0.1%n", codec, agree,
                        bytes / local.length);
                assertThat(agree).as(codec).isGreaterThanOrEqualTo(198);
            }
        }
    }

    @Test
    void everyFrameIsAnsweredWhenTheCloudIsKilledMidStreamAndCollaborationResumes(@TempDir Path dir) throws Exception {
        int port = LoopbackPorts.free();
        ChildProcess cloudProcess = TestingCloudProcess.start(port, dir.resolve("cloud-1.log"));
        EdgeOptions options = new EdgeOptions(SLA_MS, io.janus.wire.FrameCodec.lossless(), null, 1.0, 5, 10, 5, 3,
                Duration.ofMillis(100));
        CloudClient client = CloudClient.connect("127.0.0.1:" + port, TransportSecurity.plaintext());
        Decision decision = new Decision(Schedule.parse("exp:0.1"), 6, TensorCodec.FP16);
        List<FrameResult> results = java.util.Collections.synchronizedList(new ArrayList<>());
        java.util.concurrent.atomic.AtomicBoolean streaming = new java.util.concurrent.atomic.AtomicBoolean(true);
        ChildProcess restarted = null;
        try (EdgeRuntime edge = new EdgeRuntime(model, client, Decider.fixed(decision), options, new PrometheusRegistry())) {
            Thread stream = new Thread(() -> {
                for (int i = 0; streaming.get() && i < 2000; i++) {
                    results.add(edge.process(Digits.get(i)));
                }
            });
            stream.start();
            waitFor(() -> results.size() >= 10, "frames before the kill");
            cloudProcess.kill(); // SIGKILL mid-stream: calls in flight break off
            int killedAt = results.size();
            waitFor(() -> results.size() >= killedAt + 10, "frames while the cloud is down");
            assertThat(edge.status().cloudReachable()).isFalse();
            restarted = TestingCloudProcess.start(port, dir.resolve("cloud-2.log"));
            int restartedAt = results.size();
            waitFor(() -> results.size() > restartedAt && results.get(results.size() - 1).mode() == Mode.COLLABORATIVE,
                    "collaboration after the restart");
            streaming.set(false);
            stream.join(30_000);
            Schedule schedule = Schedule.parse("exp:0.1");
            for (int i = 0; i < results.size(); i++) {
                assertThat(results.get(i).labels()).as("frame %d answered", i).isNotEmpty();
                assertThat(results.get(i).top1()).as("frame %d", i).isEqualTo(localTop1(Digits.get(i), schedule));
            }
            assertThat(results.subList(0, 10)).allMatch(r -> r.mode() == Mode.COLLABORATIVE);
            assertThat(results.subList(killedAt + 1, killedAt + 10)).allMatch(r -> r.mode() == Mode.DEVICE_ONLY);
            assertThat(results.get(results.size() - 1).mode()).isEqualTo(Mode.COLLABORATIVE);
            assertThat(edge.status().framesDone()).isEqualTo(results.size());
            assertThat(edge.status().framesFellBack()).isEqualTo(results.stream().filter(r -> r.fallbackReason() != null).count())
                    .isGreaterThanOrEqualTo(9);
        } finally {
            streaming.set(false);
            cloudProcess.kill();
            if (restarted != null) {
                restarted.kill();
            }
        }
    }

    private static void waitFor(java.util.function.BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("timed out waiting for " + what).isLessThan(deadline);
            Thread.sleep(10);
        }
    }

    @Test
    void eightConcurrentEdgesShareOneCloud() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<List<FrameResult>>> edges = new ArrayList<>();
            String[] codecs = {"fp32", "fp16", "int8"};
            for (int e = 0; e < 8; e++) {
                int id = e;
                edges.add(pool.submit(() -> {
                    try (EdgeRuntime edge = edge(cloud, String.valueOf(1 + id), "exp:0.1", codecs[id % 3], EdgeOptions.defaults(SLA_MS))) {
                        List<FrameResult> out = new ArrayList<>();
                        for (int i = 0; i < 10; i++) {
                            out.add(edge.process(Digits.get(id * 10 + i)));
                        }
                        return out;
                    }
                }));
            }
            for (int e = 0; e < 8; e++) {
                List<FrameResult> results = edges.get(e).get();
                int split = 1 + e;
                assertThat(results).hasSize(10).allMatch(r -> r.mode() == Mode.COLLABORATIVE && r.splitPoint() == split);
                for (int i = 0; i < 10; i++) {
                    assertThat(results.get(i).top1()).isEqualTo(localTop1(Digits.get(e * 10 + i), Schedule.parse("exp:0.1")));
                }
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aTransferTooSlowForTheSlaFinishesOnTheDevice(@TempDir Path dir) throws Exception {
        Path csv = dir.resolve("slow.csv");
        Files.writeString(csv, "time_s,uplink_mbps\n0,1.0\n");
        LinkEmulation link = new LinkEmulation(BandwidthTrace.load(csv), Duration.ofMillis(10), System::nanoTime);
        try (EdgeRuntime edge = edge(cloud, "1", "none", "fp32", EdgeOptions.defaults(300).withLink(link))) {
            // 197 × 192 fp32 tokens ≈ 152 kB ≈ 1.2 s at 1 Mbps: far past a 300 ms SLA.
            FrameResult r = edge.process(Digits.get(0));
            assertThat(r.mode()).isEqualTo(Mode.DEVICE_ONLY);
            assertThat(r.fallbackReason()).isEqualTo("DEADLINE_EXCEEDED");
            assertThat(r.top1()).isEqualTo(localTop1(Digits.get(0), Schedule.none()));
            // The edge gave up at the deadline instead of waiting out the 1.2 s transfer.
            assertThat(r.latency().transferMs()).isLessThan(1000);
            assertThat(r.latency().totalMs()).isLessThan(1200);
        }
        // A fresh link: the abandoned transfer above still occupies the old one for a second.
        link = new LinkEmulation(BandwidthTrace.load(csv), Duration.ofMillis(10), System::nanoTime);
        // A generous SLA: what is checked is that a small payload crosses the same slow link, not this machine's speed.
        try (EdgeRuntime edge = edge(cloud, "12", "exp:0.25", "int8", EdgeOptions.defaults(5_000).withLink(link))) {
            // 8 int8 tokens ≈ 1.7 kB ≈ 14 ms at 1 Mbps, plus 10 ms RTT: well within the SLA.
            FrameResult r = edge.process(Digits.get(0));
            assertThat(r.mode()).as("fallback %s", r.fallbackReason()).isEqualTo(Mode.COLLABORATIVE);
            assertThat(r.latency().transferMs()).isGreaterThanOrEqualTo(20);
            assertThat(edge.status().linkEmulated()).isTrue();
        }
    }
}
