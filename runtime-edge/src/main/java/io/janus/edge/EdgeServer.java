package io.janus.edge;

import io.janus.model.VitModel;
import io.janus.plan.Decider;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.IOException;
import java.net.BindException;
import java.nio.file.Path;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiConsumer;
import java.util.function.Function;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.NetworkConnectionLimit;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.GracefulHandler;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Owns the edge runtime's lifecycle: model, cloud connection, the HTTP API (POST /v1/infer, GET /v1/status, /metrics,
 * /healthz, /readyz; Jetty, every connection and request bounded by {@link HttpLimits}), the inference pool and the
 * optional frame-folder loop.
 */
public final class EdgeServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(EdgeServer.class);
    /** HTTP threads: parsing, health, status and metrics only (frames run on the inference pool). */
    private static final int HTTP_THREADS = 16;
    /** While at the connection limit, idle connections are closed after this long to make room. */
    private static final long SHED_IDLE_MILLIS = 1000;

    private final VitModel model;
    private final EdgeRuntime runtime;
    private final PrometheusRegistry registry = new PrometheusRegistry();
    private final ThreadPoolExecutor inference;
    private final Server http;
    private final ServerConnector connector;
    private final FrameDirectoryLoop loop;
    private final Thread loopThread;
    private volatile boolean stopping;

    private EdgeServer(EdgeConfig config, HttpLimits limits, Function<VitModel, Decider> deciders,
                       BiConsumer<Path, FrameResult> onFolderFrame) {
        EdgeConfigCheck.refuseOn(EdgeConfigCheck.problems(config));
        this.model = VitModel.load(config.model());
        Decider decider;
        try {
            EdgeConfigCheck.refuseOn(EdgeConfigCheck.problems(config.decision(), model.config()));
            decider = deciders.apply(model);
        } catch (RuntimeException e) {
            model.close();
            throw e;
        }
        this.runtime = new EdgeRuntime(model, CloudClient.connect(config.cloud(), config.security()), decider,
                config.options(), registry);
        this.loop = config.framesDir() == null ? null : new FrameDirectoryLoop(runtime, config.framesDir(), onFolderFrame);
        this.inference = inferencePool(limits);
        this.http = new Server(httpThreads());
        this.connector = connector(http, config, limits);
        NetworkConnectionLimit connections = new NetworkConnectionLimit(limits.maxConnections(), connector);
        connections.setEndPointIdleTimeout(SHED_IDLE_MILLIS);
        http.addBean(connections);
        http.addBean(new SlowRequestGuard(connector, http.getScheduler(), limits.headerTimeout()));
        http.setHandler(new GracefulHandler(new EdgeHttpApi(runtime, inference, limits, () -> stopping, registry)));
        http.setStopTimeout(5_000);
        try {
            http.start();
        } catch (Exception e) {
            closeAfterFailedStart();
            throw listenFailure(config, e);
        }
        this.loopThread = loop == null ? null : new Thread(loop, "janus-edge-frames");
        runtime.warmUp();
        String cloudProblem = runtime.checkCloud();
        if (loopThread != null) {
            // After the warm-up: the first looped frame should not pay for class loading and the cold JIT.
            loopThread.setDaemon(true);
            loopThread.start();
        }
        LOG.info("janus edge: computing on {}", model.deviceSummary());
        LOG.info("janus edge: model {} ({}), cloud {} ({}, {}), API on http://{}:{}/v1/infer ({} workers, queue {}), decision {}{}{}",
                config.model(), model.digest().shortForm(), config.cloud(), config.security(),
                cloudProblem == null ? "reachable" : cloudProblem.equals("unreachable")
                        ? "NOT reachable yet: frames run on the device until it answers" : cloudProblem, config.bindAddress(),
                httpPort(), limits.workers(), limits.maxQueue(), decider, runtime.status().linkEmulated() ? ", EMULATED link" : "",
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
        return startWith(config, HttpLimits.defaults(), deciders, onFolderFrame);
    }

    /** As {@link #startWith(EdgeConfig, Function, BiConsumer)}, with these HTTP and inference-pool limits. */
    public static EdgeServer startWith(EdgeConfig config, HttpLimits limits, Function<VitModel, Decider> deciders,
                                       BiConsumer<Path, FrameResult> onFolderFrame) {
        return new EdgeServer(config, limits, deciders, onFolderFrame);
    }

    public EdgeRuntime runtime() {
        return runtime;
    }

    public int httpPort() {
        return connector.getLocalPort();
    }

    /** A fixed pool with a bounded queue; a frame beyond both is rejected (the API answers 503). */
    private static ThreadPoolExecutor inferencePool(HttpLimits limits) {
        AtomicInteger n = new AtomicInteger();
        BlockingQueue<Runnable> queue = limits.maxQueue() == 0 ? new SynchronousQueue<>() : new ArrayBlockingQueue<>(limits.maxQueue());
        return new ThreadPoolExecutor(limits.workers(), limits.workers(), 0, TimeUnit.MILLISECONDS, queue, r -> {
            Thread t = new Thread(r, "janus-edge-frame-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        }, new ThreadPoolExecutor.AbortPolicy());
    }

    private static QueuedThreadPool httpThreads() {
        QueuedThreadPool threads = new QueuedThreadPool(HTTP_THREADS, 2);
        threads.setName("janus-edge-http");
        threads.setDaemon(true);
        return threads;
    }

    private static ServerConnector connector(Server server, EdgeConfig config, HttpLimits limits) {
        HttpConfiguration http = new HttpConfiguration();
        http.setRequestHeaderSize(limits.maxHeaderBytes());
        http.setSendServerVersion(false);
        ServerConnector connector = new ServerConnector(server, 1, 1, new HttpConnectionFactory(http));
        connector.setHost(config.bindAddress());
        connector.setPort(config.httpPort());
        connector.setIdleTimeout(limits.idleTimeout().toMillis());
        server.addConnector(connector);
        return connector;
    }

    /** The error names the setting: a busy port is reported as the HTTP API's port. */
    private static IllegalStateException listenFailure(EdgeConfig config, Exception e) {
        String where = config.bindAddress() + ":" + config.httpPort();
        Throwable cause = e instanceof IOException && e.getCause() instanceof BindException ? e.getCause() : e;
        String why = cause instanceof BindException ? "address already in use" : String.valueOf(cause.getMessage());
        return new IllegalStateException("--http-port " + config.httpPort() + ": cannot listen on " + where + ": " + why, e);
    }

    private void closeAfterFailedStart() {
        try {
            http.stop();
        } catch (Exception ignored) {
            // Never started: nothing to stop.
        }
        inference.shutdownNow();
        runtime.close();
        model.close();
    }

    /** Stops intake (readiness goes to 503, new frames 503), lets frames in progress finish, then releases the model. */
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
        inference.shutdown();
        try {
            inference.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            http.stop(); // graceful: answers still being written finish first
        } catch (Exception e) {
            LOG.warn("HTTP server did not stop cleanly: {}", e.toString());
        }
        runtime.close();
        model.close();
        LOG.info("janus edge: stopped");
    }
}
