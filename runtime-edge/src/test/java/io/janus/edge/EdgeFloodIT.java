package io.janus.edge;

import static org.assertj.core.api.Assertions.assertThat;

import io.janus.cloud.CloudConfig;
import io.janus.cloud.CloudServer;
import io.janus.plan.Decision;
import io.janus.schedule.Schedule;
import io.janus.testing.Digits;
import io.janus.testing.ProjectFiles;
import io.janus.wire.TensorCodec;
import io.janus.wire.TransportSecurity;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * 64 clients POST frames to /v1/infer as fast as they are answered, far more than the edge can compute: every
 * request still gets an HTTP answer (a result, or a refusal saying the edge is saturated) and /healthz keeps answering
 * within half the kubelet's probe timeout (1 s by default) throughout, so that a liveness probe never restarts a busy
 * edge. On 2 cores, with the 64 clients in this JVM, probes answer in about 50 ms (p50) and at most about 200 ms; one
 * queued behind the workers' frames would wait for them.
 */
class EdgeFloodIT {

    private static final int CLIENTS = 64;
    private static final Duration FLOOD = Duration.ofSeconds(10);
    private static final long HEALTHZ_BUDGET_MS = 500;

    @Test
    void aFloodOf64ClientsGetsAnswersAndHealthzStaysFast() throws Exception {
        byte[] png = EdgeServerIT.png(Digits.get(0));
        try (CloudServer cloud = CloudServer.start(CloudConfig.local(ProjectFiles.model(), TransportSecurity.plaintext()))) {
            EdgeConfig config = new EdgeConfig(ProjectFiles.model(), "127.0.0.1:" + cloud.port(), 0, "127.0.0.1",
                    TransportSecurity.plaintext(), new Decision(Schedule.parse("exp:0.1"), 3, TensorCodec.FP16),
                    EdgeOptions.defaults(1000), null);
            try (EdgeServer edge = EdgeServer.start(config)) {
                int port = edge.httpPort();
                for (int i = 0; i < 20; i++) {
                    healthzMillis(port); // the budget is for a running server, not the JIT
                }
                Map<String, AtomicLong> answers = new ConcurrentHashMap<>();
                List<Long> probes = new CopyOnWriteArrayList<>();
                ExecutorService pool = Executors.newFixedThreadPool(CLIENTS);
                HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
                long end = System.nanoTime() + FLOOD.toNanos();
                try {
                    List<Future<?>> clients = new ArrayList<>();
                    for (int c = 0; c < CLIENTS; c++) {
                        clients.add(pool.submit(() -> flood(http, port, png, end, answers)));
                    }
                    while (System.nanoTime() < end) {
                        probes.add(healthzFast(port));
                        Thread.sleep(100);
                    }
                    for (Future<?> f : clients) {
                        f.get();
                    }
                } finally {
                    pool.shutdownNow();
                }
                long[] ms = probes.stream().mapToLong(Long::longValue).sorted().toArray();
                System.out.printf("flood of %d clients for %d s: answers %s; healthz %d probes, p50 %d ms, max %d ms%n", CLIENTS,
                        FLOOD.toSeconds(), answers, ms.length, ms[ms.length / 2], ms[ms.length - 1]);
                assertThat(answers.keySet()).as("every request answered with a result or a saturation refusal")
                        .isSubsetOf("200", "429", "503");
                assertThat(answers.get("200")).as("frames computed meanwhile").isNotNull();
                assertThat(probes).as("healthz probes (each followed by 100 ms of rest) in 10 s").hasSizeGreaterThan(15);
            }
        }
    }

    /** POSTs frames one after another until {@code end}; counts answers by status, failures by exception. */
    private static void flood(HttpClient http, int port, byte[] png, long end, Map<String, AtomicLong> answers) {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v1/infer"))
                .timeout(Duration.ofSeconds(30)).header("Content-Type", "image/png")
                .POST(HttpRequest.BodyPublishers.ofByteArray(png)).build();
        while (System.nanoTime() < end) {
            String outcome;
            try {
                outcome = String.valueOf(http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode());
            } catch (IOException e) {
                outcome = e.getClass().getSimpleName();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            answers.computeIfAbsent(outcome, k -> new AtomicLong()).incrementAndGet();
        }
    }

    /**
     * /healthz within the budget. The build machine is shared, so a probe may lose the CPU for a moment: up to three probes,
     * one must be within budget and none over a second. A probe queued behind busy workers misses all three.
     */
    private static long healthzFast(int port) throws IOException {
        List<Long> tries = new ArrayList<>();
        for (int i = 0; i < 3 && (tries.isEmpty() || tries.get(tries.size() - 1) >= HEALTHZ_BUDGET_MS); i++) {
            tries.add(healthzMillis(port));
        }
        assertThat(tries).as("GET /healthz milliseconds").allMatch(ms -> ms < 1000).anyMatch(ms -> ms < HEALTHZ_BUDGET_MS);
        return tries.stream().mapToLong(Long::longValue).min().orElseThrow();
    }

    /** A fresh connection per probe, as a kubelet makes; fails unless 200. */
    private static long healthzMillis(int port) throws IOException {
        long t0 = System.nanoTime();
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
            s.setSoTimeout(2000);
            OutputStream out = s.getOutputStream();
            out.write("GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = s.getInputStream();
            String reply = new String(in.readAllBytes(), StandardCharsets.US_ASCII);
            assertThat(reply).as("healthz reply").startsWith("HTTP/1.1 200");
        }
        return (System.nanoTime() - t0) / 1_000_000;
    }
}
