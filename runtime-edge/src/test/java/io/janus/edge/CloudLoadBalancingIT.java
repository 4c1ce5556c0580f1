package io.janus.edge;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDManager;
import io.grpc.NameResolverRegistry;
import io.janus.model.TokenState;
import io.janus.model.VitModel;
import io.janus.plan.Decider;
import io.janus.plan.Decision;
import io.janus.plan.Mode;
import io.janus.process.ChildProcess;
import io.janus.schedule.Schedule;
import io.janus.testing.Digits;
import io.janus.testing.ProjectFiles;
import io.janus.wire.LoopbackPorts;
import io.janus.wire.TensorCodec;
import io.janus.wire.TokenPayloads;
import io.janus.wire.TransportSecurity;
import io.janus.wire.v1.FinishRequest;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One edge over three cloud processes: round robin over what the name resolves to, the clouds' max connection age
 * making the edge re-resolve, so a replica that joins gets its share; a replica killed loses no frame.
 *
 * <p>In a cluster the name is the headless cloud Service ({@code dns:///<name>-cloud.<ns>.svc:50051}) and
 * its DNS answers with the Ready pods; here {@link TestingReplicaResolver} answers with the ports of the replicas
 * started so far.
 */
class CloudLoadBalancingIT {

    private static final Duration MAX_CONNECTION_AGE = Duration.ofSeconds(2);

    @Test
    void aReplicaThatJoinsGetsItsShareAndAKilledOneLosesNoFrame(@TempDir Path dir) throws Exception {
        TestingReplicaResolver dns = new TestingReplicaResolver();
        NameResolverRegistry.getDefaultRegistry().register(dns);
        List<Replica> replicas = new ArrayList<>();
        try (VitModel model = VitModel.load(ProjectFiles.model())) {
            for (int i = 0; i < 3; i++) {
                replicas.add(Replica.start(i, dir));
            }
            dns.add(replicas.get(0).port);
            dns.add(replicas.get(1).port);
            FinishRequest request = request(model);
            try (CloudClient client = CloudClient.connect(TestingReplicaResolver.SCHEME + ":///cloud", TransportSecurity.plaintext())) {
                for (int i = 0; i < 20; i++) {
                    client.finish(request, Duration.ofSeconds(20));
                }
                assertThat(replicas.get(0).served()).as("round robin over the two replicas").isPositive();
                assertThat(replicas.get(1).served()).isPositive();

                dns.add(replicas.get(2).port); // the third replica becomes Ready
                long until = System.nanoTime() + 60_000_000_000L;
                while (replicas.get(2).served() == 0 && System.nanoTime() < until) {
                    client.finish(request, Duration.ofSeconds(20)); // GOAWAY after the max age: the edge re-resolves
                }
                assertThat(replicas.get(2).served()).as("the joined replica is found within a minute").isPositive();

                double[] before = replicas.stream().mapToDouble(Replica::served).toArray();
                int frames = 150;
                for (int i = 0; i < frames; i++) {
                    client.finish(request, Duration.ofSeconds(20));
                }
                double[] share = new double[3];
                for (int r = 0; r < 3; r++) {
                    share[r] = replicas.get(r).served() - before[r];
                }
                System.out.printf("after the third replica joined: %s of %d calls (even = %d each), %d resolutions%n",
                        Arrays.toString(share), frames, frames / 3, dns.resolutions());
                for (int r = 0; r < 3; r++) {
                    assertThat(share[r]).as("replica " + r + " share").isBetween(0.8 * frames / 3, 1.2 * frames / 3);
                }
            }

            Decision split3 = new Decision(Schedule.parse("exp:0.1"), 3, TensorCodec.FP16);
            try (EdgeRuntime edge = new EdgeRuntime(model, CloudClient.connect(TestingReplicaResolver.SCHEME + ":///cloud",
                    TransportSecurity.plaintext()), Decider.fixed(split3), EdgeOptions.defaults(20_000), new PrometheusRegistry())) {
                List<FrameResult> results = new ArrayList<>();
                for (int i = 0; i < 60; i++) {
                    if (i == 20) {
                        replicas.get(1).process.kill(); // SIGKILL mid-stream
                    }
                    results.add(edge.process(Digits.get(i)));
                }
                long collaborative = results.stream().filter(r -> r.mode() == Mode.COLLABORATIVE).count();
                long lastCollaborative = results.subList(40, 60).stream().filter(r -> r.mode() == Mode.COLLABORATIVE).count();
                System.out.printf("replica 1 killed at frame 20: 60/60 frames answered, %d by the clouds, fallbacks %s%n", collaborative,
                        results.stream().map(FrameResult::fallbackReason).filter(java.util.Objects::nonNull).toList());
                assertThat(results).hasSize(60).allMatch(r -> !r.labels().isEmpty(), "answered");
                assertThat(lastCollaborative).as("the two live replicas carry on").isEqualTo(20);
            }
        } finally {
            NameResolverRegistry.getDefaultRegistry().deregister(dns);
            for (Replica r : replicas) {
                r.process.kill();
            }
        }
    }

    private static FinishRequest request(VitModel model) {
        int[] removals = model.removals(Schedule.parse("exp:0.1"));
        try (NDManager m = model.manager().newSubManager()) {
            TokenState s = model.blocks(model.embed(model.preprocessor().batch(m, List.of(Digits.get(0)))), 0, 6, removals);
            return FinishRequest.newBuilder().setModelDigest(model.digest().hex()).setSplitPoint(6)
                    .addAllMerged(Arrays.stream(removals).boxed().toList()).setTopK(1)
                    .setTokens(TokenPayloads.encode(s, TensorCodec.FP16)).build();
        }
    }

    /** A cloud in its own JVM, and how many Finish calls it answered OK (from its /metrics). */
    private record Replica(ChildProcess process, int port, int metricsPort) {
        static Replica start(int i, Path dir) throws Exception {
            int port = LoopbackPorts.free();
            int metrics = LoopbackPorts.free();
            return new Replica(TestingCloudProcess.start(port, dir.resolve("cloud-" + i + ".log"), metrics, MAX_CONNECTION_AGE), port,
                    metrics);
        }

        double served() {
            try {
                String body = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + metricsPort
                        + "/metrics")).build(), HttpResponse.BodyHandlers.ofString()).body();
                String sample = "janus_cloud_requests_total{code=\"OK\"} ";
                return body.lines().filter(l -> l.startsWith(sample)).mapToDouble(l -> Double.parseDouble(l.substring(sample.length())))
                        .sum();
            } catch (Exception e) {
                throw new IllegalStateException("replica on " + port + ": /metrics: " + e, e);
            }
        }
    }
}
