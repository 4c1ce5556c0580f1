package io.janus.operator;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.javaoperatorsdk.operator.Operator;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;

/** /healthz (informers healthy) and /readyz (operator started) for the operator pod's probes. */
final class HealthServer implements AutoCloseable {

    private final HttpServer server;

    private HealthServer(HttpServer server) {
        this.server = server;
    }

    static HealthServer start(int port, Operator operator) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(port), 0);
        server.createContext("/healthz", ex -> respond(ex, !operator.getRuntimeInfo().isStarted()
                || operator.getRuntimeInfo().allEventSourcesAreHealthy(), "unhealthy event sources: "
                + operator.getRuntimeInfo().unhealthyEventSources()));
        server.createContext("/readyz", ex -> respond(ex, operator.getRuntimeInfo().isStarted(), "not started"));
        server.start();
        return new HealthServer(server);
    }

    private static void respond(HttpExchange exchange, boolean ok, String failure) throws IOException {
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
