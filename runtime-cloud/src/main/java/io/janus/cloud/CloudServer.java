package io.janus.cloud;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.Server;
import io.grpc.ServerInterceptors;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.protobuf.services.HealthStatusManager;
import io.janus.model.ModelDigest;
import io.janus.model.VitModel;
import io.janus.profile.LatencyProfile;
import io.janus.profile.Profiles;
import io.janus.wire.v1.ProfileReply;
import io.prometheus.metrics.exporter.httpserver.MetricsHandler;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Owns the cloud runtime's lifecycle: loads the model once, serves janus.v1 and the gRPC health service, runs frames
 * through one bounded queue (admission control, fairness, batching) on a fixed set of workers, exposes /metrics,
 * /healthz and /readyz over HTTP, and on {@link #close} stops taking calls, lets the queued and running ones finish,
 * and stops.
 */
public final class CloudServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(CloudServer.class);

    private final CloudConfig config;
    private final VitModel model;
    private final LatencyProfile profile;
    private final BatchRunner runner;
    private final HealthStatusManager health = new HealthStatusManager();
    private final PrometheusRegistry registry = new PrometheusRegistry();
    private final Server server;
    private final HttpServer http;
    private volatile boolean draining;

    private CloudServer(CloudConfig config, VitModel model, LatencyProfile profile) throws IOException {
        this.config = config;
        this.model = model;
        this.profile = profile;
        CloudEngine engine = new CloudEngine(model);
        ProfileReply profileReply = ProfileReply.newBuilder().setModelDigest(model.digest().hex())
                .setProfileJson(Profiles.toJson(profile)).build();
        FinishQueue<SplitInferenceService.Pending> queue = new FinishQueue<>(config.queue(), config.workers(), System::nanoTime);
        CloudMetrics metrics = new CloudMetrics(registry, queue::length);
        this.runner = new BatchRunner(queue, engine, metrics, config.workers());
        var service = new SplitInferenceService(engine, profileReply, profile, queue, runner, metrics, config.queue());
        NettyServerBuilder builder = NettyServerBuilder.forAddress(new InetSocketAddress(config.bindAddress(), config.port()),
                        config.security().serverCredentials())
                .addService(ServerInterceptors.intercept(service.definition(), new Peers()))
                .addService(health.getHealthService())
                .addStreamTracerFactory(metrics.tracer())
                // Callbacks only parse, check and queue (the engine runs on the runner's workers), so they run on the
                // connection's own event loop: a client flooding its connection cannot delay another client's calls.
                .directExecutor()
                .maxInboundMessageSize(config.maxMessageBytes());
        if (config.maxConnectionAge() != null) {
            builder.maxConnectionAge(config.maxConnectionAge().toMillis(), TimeUnit.MILLISECONDS)
                    .maxConnectionAgeGrace(config.drainTimeout().toMillis(), TimeUnit.MILLISECONDS);
        }
        this.server = builder.build().start();
        try {
            this.http = config.metricsPort() < 0 ? null : startHttp();
        } catch (IOException e) {
            server.shutdownNow();
            throw new UncheckedIOException("--metrics-port " + config.metricsPort() + ": cannot listen on " + config.bindAddress()
                    + ":" + config.metricsPort() + ": " + reason(e), e);
        }
        engine.warmUp();
        runner.start();
        health.setStatus("", ServingStatus.SERVING);
        LOG.info("janus cloud: computing on {}", model.deviceSummary());
        QueueConfig q = config.queue();
        LOG.info("janus cloud: model {} ({}), gRPC on {}:{} ({}), {} workers, queue {} (per peer {}), batches of up to {}"
                        + " (wait {} ms), default deadline {} ms, max connection age {}, latency profile: {}{}", config.model(),
                model.digest().shortForm(), config.bindAddress(), port(), config.security(), config.workers(),
                q.maxQueue(), q.maxQueuePerPeer(), q.maxBatch(), q.maxBatchWait().toMillis(), q.defaultDeadline().toMillis(),
                config.maxConnectionAge() == null ? "none" : config.maxConnectionAge().toSeconds() + " s", profile.summary(),
                http == null ? "" : ", metrics on http://" + config.bindAddress() + ":" + metricsPort() + "/metrics");
    }

    /** Loads the model, measures (or loads) its latency profile before any call can disturb the timing, starts serving. */
    public static CloudServer start(CloudConfig config) {
        VitModel model = VitModel.load(config.model());
        try {
            return new CloudServer(config, model, config.profile().obtain(model));
        } catch (IOException e) {
            model.close();
            throw new UncheckedIOException("--port " + config.port() + ": cannot listen on " + config.bindAddress() + ":"
                    + config.port() + ": " + reason(e), e);
        } catch (RuntimeException e) {
            model.close();
            throw e;
        }
    }

    public int port() {
        return server.getPort();
    }

    public int metricsPort() {
        return http == null ? -1 : http.getAddress().getPort();
    }

    public ModelDigest modelDigest() {
        return model.digest();
    }

    /** The latency profile this cloud serves to edges (janus.v1 Profile). */
    public LatencyProfile profile() {
        return profile;
    }

    /** Blocks until the gRPC server has stopped. */
    public void awaitTermination() throws InterruptedException {
        server.awaitTermination();
    }

    /**
     * Drains: reports NOT_SERVING, refuses new calls, waits up to the drain timeout for the ones in flight, then stops.
     */
    @Override
    public void close() {
        if (draining) {
            return;
        }
        draining = true;
        health.enterTerminalState();
        server.shutdown();
        try {
            if (!server.awaitTermination(config.drainTimeout().toMillis(), TimeUnit.MILLISECONDS)) {
                LOG.warn("calls still running after {} ms: cancelling them", config.drainTimeout().toMillis());
                server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            server.shutdownNow();
            Thread.currentThread().interrupt();
        }
        runner.close();
        if (http != null) {
            http.stop(0);
        }
        model.close();
        LOG.info("janus cloud: stopped");
    }

    /** "address already in use" rather than a transport's wrapper message (Netty's native bind error is no BindException). */
    private static String reason(IOException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof java.net.BindException || String.valueOf(t.getMessage()).toLowerCase(java.util.Locale.ROOT)
                    .contains("address already in use")) {
                return "address already in use";
            }
        }
        return e.getMessage();
    }

    private HttpServer startHttp() throws IOException {
        HttpServer s = HttpServer.create(new InetSocketAddress(config.bindAddress(), config.metricsPort()), 16);
        s.createContext("/metrics", new MetricsHandler(registry));
        s.createContext("/healthz", ex -> reply(ex, 200, "ok\n"));
        s.createContext("/readyz", ex -> reply(ex, draining ? 503 : 200, draining ? "draining\n" : "ready\n"));
        s.setExecutor(Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "janus-cloud-http");
            t.setDaemon(true);
            return t;
        }));
        s.start();
        return s;
    }

    private static void reply(HttpExchange ex, int code, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
        ex.sendResponseHeaders(code, bytes.length);
        try (var out = ex.getResponseBody()) {
            out.write(bytes);
        }
    }
}
