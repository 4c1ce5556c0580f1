package io.janus.operator;

import com.sun.net.httpserver.HttpServer;
import io.janus.operator.status.EdgeEndpoint;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/** An in-process stand-in for edge pods' GET /v1/status, on loopback; one path per pod. */
public final class TestingEdgeStatusServer implements AutoCloseable {

    private final HttpServer server;
    private final Map<String, String> bodies = new ConcurrentHashMap<>();
    private final AtomicInteger requests = new AtomicInteger();

    public TestingEdgeStatusServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            requests.incrementAndGet();
            String pod = exchange.getRequestURI().getPath().split("/")[1];
            String body = bodies.get(pod);
            byte[] bytes = (body == null ? "no such pod" : body).getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(body == null ? 404 : 200, bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        });
        server.start();
    }

    /** Sets what pod {@code pod} answers. */
    public void respond(String pod, String json) {
        bodies.put(pod, json);
    }

    public EdgeEndpoint endpoint(String pod) {
        return new EdgeEndpoint(pod, URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/" + pod + "/v1/status"));
    }

    public int requests() {
        return requests.get();
    }

    /** A status document as the edge runtime serves it, including fields the operator ignores. */
    public static String status(int split, double rate, String mode, double p95, double violations) {
        return """
                {"splitPoint":%d,"decliningRate":%s,"schedule":"exp:%s","mode":"%s","codec":"fp16",
                 "bandwidthMbps":12.3,"rttMs":20.1,"latencyP50Ms":81.0,"latencyP95Ms":%s,"slaMs":300,
                 "slaViolationRatio":%s,"throughputFps":9.5,"framesDone":1234,"framesFellBack":3,
                 "cloudReachable":true,"lastDecisionTime":"2026-11-22T18:00:00Z","depth":12,"futureField":{"x":1}}
                """.formatted(split, rate, rate, mode, p95, violations);
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
