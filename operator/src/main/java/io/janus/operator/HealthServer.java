package io.janus.operator;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.javaoperatorsdk.operator.RuntimeInfo;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.function.Supplier;

/**
 * /healthz (informers healthy) and /readyz (operator started) for the operator pod's probes, and /metrics: the
 * operator's own metrics in Prometheus text format.
 */
final class HealthServer implements AutoCloseable {

    private final HttpServer server;

    private HealthServer(HttpServer server) {
        this.server = server;
    }

    /**
     * {@code info} must be taken before {@code Operator.start()}: building one takes a lock that start holds
     * until the informers have synced, which would hang the probes.
     */
    static HealthServer start(int port, RuntimeInfo info, Supplier<String> metrics) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(port), 0);
        server.createContext("/metrics", ex -> {
            byte[] body = metrics.get().getBytes(StandardCharsets.UTF_8);
            ex.getResponseHeaders().add("Content-Type", "text/plain; version=0.0.4; charset=utf-8");
            ex.sendResponseHeaders(200, body.length);
            try (OutputStream out = ex.getResponseBody()) {
                out.write(body);
            }
        });
        // Live while starting (the startup probe covers the informers' first sync), then while informers are healthy.
        server.createContext("/healthz", ex -> respond(ex, () -> !info.isStarted() || info.allEventSourcesAreHealthy()
                ? null : "unhealthy event sources: " + info.unhealthyEventSources()));
        server.createContext("/readyz", ex -> respond(ex,
                () -> info.isStarted() ? null : "not started (informers still syncing)"));
        server.start();
        return new HealthServer(server);
    }

    /** {@code problem} returns null when healthy, else what is wrong. */
    private static void respond(HttpExchange exchange, Supplier<String> problem) throws IOException {
        String failure;
        try {
            failure = problem.get();
        } catch (RuntimeException e) {
            failure = "health check failed: " + e;
        }
        boolean ok = failure == null;
        byte[] body = (ok ? "ok" : failure).getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "text/plain; charset=utf-8");
        exchange.sendResponseHeaders(ok ? 200 : 503, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
