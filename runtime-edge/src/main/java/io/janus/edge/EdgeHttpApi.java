package io.janus.edge;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.janus.model.RawImage;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The edge's HTTP API: exact paths, one method each. Frames are computed on the inference pool, never on the HTTP
 * threads, so /healthz, /readyz, /metrics and /v1/status answer while every worker is busy; a frame that finds the
 * pool and its queue full is refused at once with 503 and Retry-After (reject newest).
 */
final class EdgeHttpApi extends Handler.Abstract {

    private static final Logger LOG = LoggerFactory.getLogger(EdgeHttpApi.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Content types a frame may be posted with (none, or a generic one, is fine: the bytes say PNG or JPEG). */
    private static final Set<String> IMAGE_TYPES = Set.of("image/png", "image/jpeg", "application/octet-stream");
    /** Seconds a refused client is asked to wait: about a frame's time on a busy pool. */
    static final String RETRY_AFTER_SECONDS = "1";

    private interface Endpoint {
        void handle(Request request, Response response, Callback callback);
    }

    private record Route(String method, Endpoint endpoint) {}

    private final EdgeRuntime runtime;
    private final ExecutorService inference;
    private final HttpLimits limits;
    private final BooleanSupplier stopping;
    private final PrometheusRegistry registry;
    private final Map<String, Route> routes;

    EdgeHttpApi(EdgeRuntime runtime, ExecutorService inference, HttpLimits limits, BooleanSupplier stopping,
                PrometheusRegistry registry) {
        this.runtime = runtime;
        this.inference = inference;
        this.limits = limits;
        this.stopping = stopping;
        this.registry = registry;
        this.routes = Map.of(
                "/v1/infer", new Route("POST", this::infer),
                "/v1/status", new Route("GET", (rq, rs, cb) -> json(rs, cb, 200, runtime.status())),
                "/metrics", new Route("GET", this::metrics),
                "/healthz", new Route("GET", (rq, rs, cb) -> text(rs, cb, 200, "ok\n")),
                "/readyz", new Route("GET", this::ready));
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        String path = Request.getPathInContext(request);
        Route route = routes.get(path);
        if (route == null) {
            error(response, callback, 404, "no such path; the API is POST /v1/infer, GET /v1/status, /metrics, /healthz, /readyz");
        } else if (!route.method().equals(request.getMethod())) {
            response.getHeaders().put(HttpHeader.ALLOW, route.method());
            error(response, callback, 405, path + " takes " + route.method() + " only");
        } else {
            route.endpoint().handle(request, response, callback);
        }
        return true;
    }

    private void ready(Request request, Response response, Callback callback) {
        if (stopping.getAsBoolean()) {
            text(response, callback, 503, "stopping\n");
            return;
        }
        String problem = runtime.cloudProblem();
        text(response, callback, 200, problem == null ? "ready\n"
                : "ready (device-only: " + (problem.equals("unreachable") ? "cloud unreachable" : problem) + ")\n");
    }

    private void metrics(Request request, Response response, Callback callback) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            PrometheusTextFormatWriter.create().write(out, registry.scrape());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        send(response, callback, 200, PrometheusTextFormatWriter.CONTENT_TYPE, out.toByteArray());
    }

    /** Checks what the headers say, receives the body without holding a thread, then queues the frame or refuses it. */
    private void infer(Request request, Response response, Callback callback) {
        Refusal refusal = refusal(request.getHeaders().get(HttpHeader.CONTENT_TYPE), request.getLength(), limits.maxBodyBytes());
        if (refusal != null) {
            error(response, callback, refusal.status(), refusal.message());
            return;
        }
        Content.Source.asByteArrayAsync(request, limits.maxBodyBytes())
                .orTimeout(limits.requestTimeout().toMillis(), TimeUnit.MILLISECONDS)
                .whenComplete((body, failure) -> {
                    if (failure != null) {
                        bodyFailed(response, callback, failure);
                    } else {
                        submit(body, System.nanoTime(), response, callback);
                    }
                });
    }

    /** Why a frame is refused before its body is read: an HTTP status and a message naming the problem. */
    record Refusal(int status, String message) {}

    /** Null when a body of this content type and length (-1: not declared) may be received; pure. */
    static Refusal refusal(String contentType, long length, int maxBodyBytes) {
        String type = contentType == null ? null : contentType.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
        if (type != null && !type.isEmpty() && !IMAGE_TYPES.contains(type)) {
            return new Refusal(415, "Content-Type " + type + ": POST a PNG or JPEG image (image/png, image/jpeg or application/octet-stream)");
        }
        if (length < 0) {
            return new Refusal(411, "Content-Length required: POST the image in one piece, not chunked");
        }
        if (length == 0) {
            return new Refusal(400, "empty body: POST a PNG or JPEG image");
        }
        if (length > maxBodyBytes) {
            return new Refusal(413, "Content-Length " + length + ": images are limited to " + maxBodyBytes + " bytes");
        }
        return null;
    }

    private void bodyFailed(Response response, Callback callback, Throwable failure) {
        Throwable cause = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
        if (cause instanceof TimeoutException) {
            response.getHeaders().put(HttpHeader.CONNECTION, "close");
            error(response, callback, 408, "request body not received in time (idle timeout " + limits.idleTimeout().toMillis()
                    + " ms, request timeout " + limits.requestTimeout().toMillis() + " ms)");
        } else {
            error(response, callback, 400, "request body unreadable: " + cause.getMessage());
        }
    }

    /** Onto the inference pool, or 503 at once when its workers and queue are full. */
    private void submit(byte[] body, long arrivalNanos, Response response, Callback callback) {
        try {
            inference.execute(() -> answer(body, arrivalNanos, response, callback));
        } catch (RejectedExecutionException e) {
            response.getHeaders().put(HttpHeader.RETRY_AFTER, RETRY_AFTER_SECONDS);
            error(response, callback, 503, stopping.getAsBoolean() ? "stopping" : "busy: " + limits.workers()
                    + " frames computing and " + limits.maxQueue() + " queued; retry after " + RETRY_AFTER_SECONDS + " s");
        }
    }

    /** On an inference worker: decode, compute, reply; the frame's latency runs from {@code arrivalNanos} (body received). */
    private void answer(byte[] body, long arrivalNanos, Response response, Callback callback) {
        RawImage image;
        try {
            image = RawImage.decode(body);
        } catch (RawImage.TooLargeException e) {
            error(response, callback, 413, e.getMessage());
            return;
        } catch (RawImage.UnsupportedFormatException e) {
            error(response, callback, 415, e.getMessage());
            return;
        } catch (IllegalArgumentException e) {
            error(response, callback, 400, e.getMessage());
            return;
        }
        try {
            json(response, callback, 200, runtime.process(image, arrivalNanos));
        } catch (RuntimeException e) {
            LOG.error("frame failed", e);
            error(response, callback, 500, String.valueOf(e.getMessage()));
        }
    }

    private static void error(Response response, Callback callback, int code, String message) {
        json(response, callback, code, Map.of("error", message));
    }

    private static void json(Response response, Callback callback, int code, Object body) {
        try {
            send(response, callback, code, "application/json", JSON.writeValueAsBytes(body));
        } catch (JsonProcessingException e) {
            callback.failed(e);
        }
    }

    private static void text(Response response, Callback callback, int code, String body) {
        send(response, callback, code, "text/plain; charset=utf-8", body.getBytes(StandardCharsets.UTF_8));
    }

    private static void send(Response response, Callback callback, int code, String type, byte[] bytes) {
        response.setStatus(code);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, type);
        response.getHeaders().put(HttpHeader.CONTENT_LENGTH, bytes.length);
        response.write(true, ByteBuffer.wrap(bytes), callback);
    }
}
