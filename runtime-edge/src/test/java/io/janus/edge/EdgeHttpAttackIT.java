package io.janus.edge;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.janus.model.HostileImages;
import io.janus.plan.Decider;
import io.janus.plan.Decision;
import io.janus.schedule.Schedule;
import io.janus.testing.Digits;
import io.janus.testing.ProjectFiles;
import io.janus.wire.TensorCodec;
import io.janus.wire.TransportSecurity;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The edge's HTTP API attacked as a hostile or careless client would: bad bodies, bad paths and methods, oversized
 * headers, slow clients, more frames than workers. Each case asserts the exact answer and that /healthz answers
 * within 100 ms meanwhile. One worker and one queue slot, short timeouts, frames slowed 3× so that a few keep the worker busy.
 */
class EdgeHttpAttackIT {

    private static final long HEALTHZ_BUDGET_MS = 100;
    private static final HttpLimits LIMITS = HttpLimits.defaults().withWorkers(1, 1)
            .withTimeouts(Duration.ofMillis(2000), Duration.ofMillis(3000), Duration.ofMillis(4000));

    private static final List<Long> PROBES = new java.util.concurrent.CopyOnWriteArrayList<>();
    private static EdgeServer edge;
    private static int port;
    private static byte[] digitPng;

    @BeforeAll
    static void start() throws Exception {
        digitPng = EdgeServerIT.png(Digits.get(0));
        // No cloud: device-only frames (the cloud's port is closed), slowed so that one frame keeps the worker busy.
        EdgeConfig config = new EdgeConfig(ProjectFiles.model(), "127.0.0.1:1", 0, "127.0.0.1", TransportSecurity.plaintext(),
                new Decision(Schedule.none(), 13, TensorCodec.FP16), EdgeOptions.defaults(5000).withSlowdown(3), null);
        edge = EdgeServer.startWith(config, LIMITS, m -> Decider.fixed(config.decision()), (p, r) -> { });
        port = edge.httpPort();
        for (int i = 0; i < 20; i++) {
            healthzMillis(); // warm the path: the budget is for a running server, not the JIT
        }
    }

    @AfterAll
    static void stop() {
        long[] ms = PROBES.stream().mapToLong(Long::longValue).sorted().toArray();
        if (ms.length > 0) {
            System.out.printf("healthz under attack: %d probes, p50 %d ms, p99 %d ms, max %d ms, over %d ms: %d%n", ms.length,
                    ms[ms.length / 2], ms[(int) (ms.length * 0.99)], ms[ms.length - 1], HEALTHZ_BUDGET_MS,
                    Arrays.stream(ms).filter(m -> m >= HEALTHZ_BUDGET_MS).count());
        }
        if (edge != null) {
            edge.close();
        }
    }

    /** A fresh connection per probe, as a kubelet makes; fails unless 200. */
    static long healthzMillis() throws IOException {
        long t0 = System.nanoTime();
        try (RawHttp c = RawHttp.open(port)) {
            RawHttp.Reply r = c.send("GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n").read();
            assertThat(r.status()).isEqualTo(200);
        }
        return (System.nanoTime() - t0) / 1_000_000;
    }

    /**
     * /healthz within 100 ms. The build machine is shared: a probe may lose the CPU for a moment, so up to three
     * probes are made and one must be within budget, none over a second; a probe stuck behind busy workers or a slow
     * client would miss all three.
     */
    static void assertHealthzFast() throws IOException {
        List<Long> tries = new ArrayList<>();
        for (int i = 0; i < 3 && (tries.isEmpty() || tries.get(tries.size() - 1) >= HEALTHZ_BUDGET_MS); i++) {
            tries.add(healthzMillis());
        }
        PROBES.addAll(tries);
        assertThat(tries).as("GET /healthz milliseconds").allMatch(ms -> ms < 1000).anyMatch(ms -> ms < HEALTHZ_BUDGET_MS);
    }

    private static RawHttp.Reply exchange(String head, byte[] body) throws IOException {
        try (RawHttp c = RawHttp.open(port)) {
            c.send(head);
            if (body != null) {
                c.send(body);
            }
            RawHttp.Reply r = c.read();
            assertHealthzFast();
            return r;
        }
    }

    private static int top1(RawHttp.Reply r) throws IOException {
        return new ObjectMapper().readTree(r.body()).get("labels").get(0).get("index").asInt();
    }

    private static RawHttp.Reply post(String contentType, byte[] body) throws IOException {
        return exchange(RawHttp.head("POST", "/v1/infer", contentType, body.length), body);
    }

    @Test
    void aValidFrameIsAnswered() throws IOException {
        RawHttp.Reply r = post("image/png", digitPng);
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        assertThat(top1(r)).isEqualTo(Digits.label(0));
    }

    @Test
    void corruptAndTruncatedImagesGet400() throws IOException {
        byte[] truncatedPng = Arrays.copyOf(digitPng, digitPng.length / 2);
        byte[] corruptPng = digitPng.clone();
        for (int i = 40; i < corruptPng.length - 12; i++) {
            corruptPng[i] ^= 0x5a;
        }
        for (byte[] bad : List.of(truncatedPng, corruptPng, "garbage".getBytes(StandardCharsets.UTF_8))) {
            RawHttp.Reply r = post("image/png", bad);
            assertThat(r.status()).as(r.body()).isEqualTo(400);
            assertThat(r.body()).contains("image");
        }
    }

    @Test
    void truncatedAndCorruptJpegsGet400() throws IOException {
        byte[] jpeg = HostileImages.encode(Digits.get(1), "jpeg");
        RawHttp.Reply truncated = post("image/jpeg", Arrays.copyOf(jpeg, jpeg.length * 2 / 3));
        assertThat(truncated.status()).as(truncated.body()).isEqualTo(400);
        assertThat(truncated.body()).contains("corrupt or truncated JPEG");
        byte[] corrupt = jpeg.clone();
        for (int i = corrupt.length / 2; i < corrupt.length - 2; i++) {
            corrupt[i] = (byte) 0xFF; // markers where entropy-coded data should be
        }
        RawHttp.Reply bad = post("image/jpeg", corrupt);
        assertThat(bad.status()).as(bad.body()).isEqualTo(400);
        assertThat(bad.body()).contains("JPEG");
    }

    @Test
    void aHugeDeclaredSizeGets413NamingItWithoutDecoding() throws IOException {
        // 1.5 MB behind a header declaring 40000 x 40000 pixels (1.6 GB decoded).
        byte[] png = HostileImages.pngDeclaring(40_000, 40_000, 1_500_000);
        assertThat(png.length).isBetween(1_000_000, 2_000_000);
        RawHttp.Reply r = post("image/png", png);
        assertThat(r.status()).as(r.body()).isEqualTo(413);
        assertThat(r.body()).contains("40000x40000", "4096");
        aValidFrameIsAnswered();
    }

    @Test
    void gifAndBmpGet415NamingTheFormat() throws IOException {
        for (String format : List.of("gif", "bmp")) {
            RawHttp.Reply r = post(null, HostileImages.encode(Digits.get(2), format));
            assertThat(r.status()).as(r.body()).isEqualTo(415);
            assertThat(r.body()).contains(format.toUpperCase(java.util.Locale.ROOT), "PNG or JPEG");
        }
    }

    @Test
    void aYcckJpegIsClassifiedAsItsDigit() throws IOException {
        RawHttp.Reply r = post("image/jpeg", HostileImages.cmykJpeg(Digits.get(3), 2));
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        assertThat(top1(r)).isEqualTo(Digits.label(3));
    }

    @Test
    void emptyBodyGets400() throws IOException {
        RawHttp.Reply r = post("image/png", new byte[0]);
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.body()).contains("empty body");
    }

    @Test
    void wrongContentTypeGets415() throws IOException {
        RawHttp.Reply r = post("text/plain", digitPng);
        assertThat(r.status()).isEqualTo(415);
        assertThat(r.body()).contains("text/plain");
    }

    @Test
    void chunkedBodyGets411() throws IOException {
        RawHttp.Reply r = exchange("POST /v1/infer HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n", null);
        assertThat(r.status()).isEqualTo(411);
    }

    @Test
    void oversizeBodyGets413BeforeItIsSent() throws IOException {
        RawHttp.Reply r = exchange(RawHttp.head("POST", "/v1/infer", "image/png", LIMITS.maxBodyBytes() + 1L), null);
        assertThat(r.status()).isEqualTo(413);
        assertThat(r.body()).contains(String.valueOf(LIMITS.maxBodyBytes()));
    }

    @Test
    void pathsMatchExactly() throws IOException {
        for (String path : List.of("/v1/inferXYZ", "/healthzzz", "/v1/status/", "/", "/readyz/x")) {
            assertThat(exchange(RawHttp.head("GET", path, null, -1), null).status()).as(path).isEqualTo(404);
        }
        for (String path : List.of("/healthz", "/readyz", "/v1/status", "/metrics")) {
            assertThat(exchange(RawHttp.head("GET", path, null, -1), null).status()).as(path).isEqualTo(200);
        }
    }

    @Test
    void wrongMethodsGet405WithAllow() throws IOException {
        RawHttp.Reply status = exchange(RawHttp.head("POST", "/v1/status", "image/png", 0), null);
        assertThat(status.status()).isEqualTo(405);
        assertThat(status.header("Allow")).isEqualTo("GET");
        RawHttp.Reply infer = exchange(RawHttp.head("GET", "/v1/infer", null, -1), null);
        assertThat(infer.status()).isEqualTo(405);
        assertThat(infer.header("Allow")).isEqualTo("POST");
        assertThat(exchange(RawHttp.head("DELETE", "/healthz", null, -1), null).status()).isEqualTo(405);
    }

    @Test
    void fiveThousandHeadersGet431NotAReset() throws IOException {
        StringBuilder head = new StringBuilder("GET /v1/status HTTP/1.1\r\nHost: 127.0.0.1\r\n");
        for (int i = 0; i < 5000; i++) {
            head.append("X-Attack-").append(i).append(": ").append(i).append("\r\n");
        }
        assertThat(exchange(head.append("\r\n").toString(), null).status()).isEqualTo(431);
    }

    @Test
    void partialRequestLineIsClosedAndHoldsNothing() throws IOException {
        List<RawHttp> slow = new ArrayList<>();
        for (int i = 0; i < 24; i++) {
            slow.add(RawHttp.open(port).send("GET /heal"));
        }
        assertHealthzFast();
        aValidFrameIsAnswered();
        for (RawHttp c : slow) {
            c.timeout(5000);
            assertThat(c.closedByServer()).as("closed by the idle timeout").isTrue();
            c.close();
        }
    }

    @Test
    void headersTrickledUnderTheIdleTimeoutAreClosedByTheHeaderTimeout() throws Exception {
        List<RawHttp> slow = new ArrayList<>();
        for (int i = 0; i < 24; i++) {
            slow.add(RawHttp.open(port).send("GET /v1/status HTTP/1.1\r\nHost: 127.0.0.1\r\n"));
        }
        long t0 = System.nanoTime();
        int sent = 0;
        boolean allClosed = false;
        while (!allClosed && System.nanoTime() - t0 < 8_000_000_000L) {
            Thread.sleep(400); // each line well within the 2 s idle timeout
            allClosed = true;
            for (RawHttp c : slow) {
                try {
                    c.send("X-Slow-" + sent + ": 1\r\n");
                    allClosed = false;
                } catch (IOException closed) {
                    // the guard closed it
                }
            }
            sent++;
            assertHealthzFast();
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        assertThat(allClosed).as("every trickling connection closed").isTrue();
        assertThat(seconds).as("closed after the 3 s header timeout, not before").isBetween(2.5, 6.5);
        for (RawHttp c : slow) {
            c.close();
        }
    }

    @Test
    void headersOneLineEveryTwoSecondsAreClosedByTheIdleTimeout() throws Exception {
        try (RawHttp c = RawHttp.open(port).send("GET /v1/status HTTP/1.1\r\n")) {
            assertHealthzFast();
            c.timeout(5000);
            assertThat(c.closedByServer()).isTrue();
        }
    }

    @Test
    void incompleteBodyGets408AfterTheIdleTimeout() throws IOException {
        List<RawHttp> slow = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            slow.add(RawHttp.open(port).send(RawHttp.head("POST", "/v1/infer", "image/png", digitPng.length + 1000L))
                    .send(digitPng)); // Content-Length larger than the body
        }
        assertHealthzFast();
        aValidFrameIsAnswered();
        for (RawHttp c : slow) {
            RawHttp.Reply r = c.read();
            assertThat(r.status()).as(r.body()).isEqualTo(408);
            c.close();
        }
    }

    @Test
    void bodyTrickledUnderTheIdleTimeoutGets408AfterTheRequestTimeout() throws Exception {
        try (RawHttp c = RawHttp.open(port).send(RawHttp.head("POST", "/v1/infer", "image/png", 100))) {
            long t0 = System.nanoTime();
            try {
                for (int i = 0; i < 20; i++) {
                    Thread.sleep(400);
                    c.send(new byte[] {(byte) i});
                }
            } catch (IOException closed) {
                // the server answered and closed
            }
            RawHttp.Reply r = c.read();
            assertThat(r.status()).isEqualTo(408);
            assertThat((System.nanoTime() - t0) / 1e9).isBetween(3.5, 6.5);
            assertHealthzFast();
        }
    }

    @Test
    void aFrameThatWaitedForTheWorkerCountsTheWaitInItsLatency() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            Callable<double[]> call = () -> {
                try (RawHttp c = RawHttp.open(port)) {
                    long t0 = System.nanoTime();
                    RawHttp.Reply r = c.send(RawHttp.head("POST", "/v1/infer", "image/png", digitPng.length)).send(digitPng).read();
                    double clientMs = (System.nanoTime() - t0) / 1e6;
                    assertThat(r.status()).as(r.body()).isEqualTo(200);
                    var latency = new ObjectMapper().readTree(r.body()).get("latency");
                    return new double[] {clientMs, latency.get("totalMs").asDouble(), latency.get("queueMs").asDouble()};
                }
            };
            // A worker may still be leaving the previous test's last frame (its answer is sent before its task ends).
            Thread.sleep(300);
            Future<double[]> a = pool.submit(call);
            Thread.sleep(50); // the first takes the worker, the second the one queue slot
            Future<double[]> b = pool.submit(call);
            double[] first = a.get();
            double[] second = b.get();
            double[] queued = first[2] > second[2] ? first : second;
            double[] other = queued == first ? second : first;
            assertThat(queued[2]).as("the second frame waited about one frame's time").isGreaterThan(other[1] * 0.5);
            for (double[] f : List.of(first, second)) {
                // The client's time also holds its upload and the reply: a loaded machine stretches those. A missing
                // queue wait would be about half the queued frame's time.
                assertThat(f[1]).as("reported total vs. the client's time, ms")
                        .isGreaterThan(f[0] - Math.max(50, 0.2 * f[0])).isLessThanOrEqualTo(f[0]);
            }
            String metrics = exchange(RawHttp.head("GET", "/metrics", null, -1), null).body();
            assertThat(metrics).contains("janus_edge_queue_wait_seconds_count");
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void moreFramesThanWorkersAreRefusedAtOnceWith503() throws Exception {
        int clients = 6;
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        try {
            List<Callable<long[]>> calls = new ArrayList<>();
            for (int i = 0; i < clients; i++) {
                calls.add(() -> {
                    try (RawHttp c = RawHttp.open(port)) {
                        long t0 = System.nanoTime();
                        RawHttp.Reply r = c.send(RawHttp.head("POST", "/v1/infer", "image/png", digitPng.length)).send(digitPng).read();
                        long ms = (System.nanoTime() - t0) / 1_000_000;
                        if (r.status() == 503) {
                            assertThat(r.header("Retry-After")).isEqualTo(EdgeHttpApi.RETRY_AFTER_SECONDS);
                        }
                        return new long[] {r.status(), ms};
                    }
                });
            }
            List<Future<long[]>> replies = calls.stream().map(pool::submit).toList();
            Thread.sleep(50);
            assertHealthzFast();
            List<long[]> answered = new ArrayList<>();
            for (Future<long[]> f : replies) {
                answered.add(f.get());
            }
            long ok = answered.stream().filter(a -> a[0] == 200).count();
            List<long[]> refused = answered.stream().filter(a -> a[0] == 503).toList();
            assertThat(ok + refused.size()).as("every answer is 200 or 503").isEqualTo(clients);
            assertThat(ok).as("one computing, one queued").isGreaterThanOrEqualTo(2);
            assertThat(refused).as("the rest refused").hasSizeGreaterThanOrEqualTo(clients - 2 - 1);
            for (long[] r : refused) {
                assertThat(r[1]).as("503 in milliseconds").isLessThan(250);
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
