package io.janus.edge;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.janus.model.RawImage;
import io.janus.model.VitModel;
import io.prometheus.metrics.exporter.httpserver.MetricsHandler;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiConsumer;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Owns the edge runtime's lifecycle: model, cloud connection, the HTTP API (POST /v1/infer, GET /v1/status, /metrics,
 * /healthz, /readyz) and the optional frame-folder loop.
 */
public final class EdgeServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(EdgeServer.class);
    /** Largest image POST /v1/infer accepts. */
    static final int MAX_IMAGE_BYTES = 16 * 1024 * 1024;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final VitModel model;
    private final EdgeRuntime runtime;
    private final PrometheusRegistry registry = new PrometheusRegistry();
    private final HttpServer http;
    private final ExecutorService httpWorkers;
    private final FrameDirectoryLoop loop;
    private final Thread loopThread;
    private volatile boolean stopping;

    private EdgeServer(EdgeConfig config, Function<VitModel, Decider> deciders, BiConsumer<Path, FrameResult> onFolderFrame)
            throws IOException {
        this.model = VitModel.load(config.model());
        Decider decider;
        try {
            decider = deciders.apply(model);
        } catch (RuntimeException e) {
            model.close();
            throw e;
        }
        this.runtime = new EdgeRuntime(model, CloudClient.connect(config.cloud(), config.security()), decider,
                config.options(), registry);
        this.loop = config.framesDir() == null ? null : new FrameDirectoryLoop(runtime, config.framesDir(), onFolderFrame);
        AtomicInteger n = new AtomicInteger();
        this.httpWorkers = Executors.newFixedThreadPool(4, r -> {
            Thread t = new Thread(r, "janus-edge-http-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        this.http = HttpServer.create(new InetSocketAddress(config.bindAddress(), config.httpPort()), 64);
        http.createContext("/v1/infer", this::infer);
        http.createContext("/v1/status", ex -> json(ex, 200, runtime.status()));
        http.createContext("/metrics", new MetricsHandler(registry));
        http.createContext("/healthz", ex -> text(ex, 200, "ok\n"));
        http.createContext("/readyz", ex -> text(ex, stopping ? 503 : 200, stopping ? "stopping\n"
                : runtime.status().cloudReachable() ? "ready\n" : "ready (device-only: cloud unreachable)\n"));
        http.setExecutor(httpWorkers);
        http.start();
        this.loopThread = loop == null ? null : new Thread(loop, "janus-edge-frames");
        runtime.warmUp();
        boolean reachable = runtime.probeCloud();
        if (loopThread != null) {
            // After the warm-up: the first looped frame should not pay for class loading and the cold JIT.
            loopThread.setDaemon(true);
            loopThread.start();
        }
        LOG.info("janus edge: computing on {}", model.deviceSummary());
        LOG.info("janus edge: model {} ({}), cloud {} ({}, {}), API on http://{}:{}/v1/infer, decision {}{}{}", config.model(),
                model.digest().substring(0, 12), config.cloud(), config.security(),
                reachable ? "reachable" : "NOT reachable yet: frames run on the device until it answers", config.bindAddress(),
                httpPort(), decider, config.options().link() == null ? "" : ", EMULATED link",
                loop == null ? "" : ", looping over " + loop.frameCount() + " frames in " + config.framesDir());
    }

    /** Starts with the fixed decision of the config. */
    public static EdgeServer start(EdgeConfig config) {
        return start(config, Decider.fixed(config.decision()), (p, r) -> { });
    }

    /** Starts with any decider; {@code onFolderFrame} sees each result of the frame-folder loop. */
    public static EdgeServer start(EdgeConfig config, Decider decider, BiConsumer<Path, FrameResult> onFolderFrame) {
        return startWith(config, m -> decider, onFolderFrame);
    }

    /**
     * Starts with the decider {@code deciders} builds from the loaded model (for instance a scheduler over the model's
     * measured latency profile); {@code onFolderFrame} sees each result of the frame-folder loop.
     */
    public static EdgeServer startWith(EdgeConfig config, Function<VitModel, Decider> deciders,
                                       BiConsumer<Path, FrameResult> onFolderFrame) {
        try {
            return new EdgeServer(config, deciders, onFolderFrame);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot listen on " + config.bindAddress() + ":" + config.httpPort() + ": " + e.getMessage(), e);
        }
    }

    public EdgeRuntime runtime() {
        return runtime;
    }

    public int httpPort() {
        return http.getAddress().getPort();
    }

    private void infer(HttpExchange ex) throws IOException {
        if (!ex.getRequestMethod().equals("POST")) {
            json(ex, 405, Map.of("error", "POST an image (PNG or JPEG) as the request body"));
            return;
        }
        byte[] body = ex.getRequestBody().readNBytes(MAX_IMAGE_BYTES + 1);
        if (body.length > MAX_IMAGE_BYTES) {
            json(ex, 413, Map.of("error", "image larger than " + MAX_IMAGE_BYTES + " bytes"));
            return;
        }
        RawImage image;
        try {
            image = RawImage.decode(body);
        } catch (IllegalArgumentException e) {
            json(ex, 400, Map.of("error", e.getMessage()));
            return;
        }
        try {
            json(ex, 200, runtime.process(image));
        } catch (RuntimeException e) {
            LOG.error("frame failed", e);
            json(ex, 500, Map.of("error", String.valueOf(e.getMessage())));
        }
    }

    private static void json(HttpExchange ex, int code, Object body) throws IOException {
        send(ex, code, "application/json", JSON.writeValueAsBytes(body));
    }

    private static void text(HttpExchange ex, int code, String body) throws IOException {
        send(ex, code, "text/plain; charset=utf-8", body.getBytes(StandardCharsets.UTF_8));
    }

    private static void send(HttpExchange ex, int code, String type, byte[] bytes) throws IOException {
        ex.getResponseHeaders().set("Content-Type", type);
        ex.sendResponseHeaders(code, bytes.length);
        try (var out = ex.getResponseBody()) {
            out.write(bytes);
        }
    }

    /** Stops intake (readiness goes to 503), lets frames in progress finish, then releases the model. */
    @Override
    public void close() {
        stopping = true;
        if (loop != null) {
            loop.stop();
            try {
                loopThread.join(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        http.stop(1);
        httpWorkers.shutdown();
        try {
            httpWorkers.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        runtime.close();
        model.close();
        LOG.info("janus edge: stopped");
    }
}
