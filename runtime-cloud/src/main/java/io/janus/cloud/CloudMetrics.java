package io.janus.cloud;

import io.grpc.Metadata;
import io.grpc.ServerStreamTracer;
import io.grpc.Status;
import io.janus.wire.v1.SplitInferenceGrpc;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Gauge;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.util.function.IntSupplier;

/**
 * The cloud's Prometheus metrics: Finish calls by status code (every code, counted where gRPC closes the stream, so
 * calls refused before the service saw them count too), compute time, calls in flight, the queue, refusals by reason
 * and batch sizes.
 */
final class CloudMetrics {

    private final Counter requests;
    private final Histogram compute;
    private final Gauge inFlight;
    private final Counter refusals;
    private final Histogram batchSize;
    private final Histogram queueWait;

    CloudMetrics(PrometheusRegistry registry, IntSupplier queueLength) {
        requests = Counter.builder().name("janus_cloud_requests_total")
                .help("Finish calls answered, by gRPC status code (OK, INVALID_ARGUMENT, RESOURCE_EXHAUSTED, UNKNOWN, ...)")
                .labelNames("code").register(registry);
        compute = Histogram.builder().name("janus_cloud_compute_seconds")
                .help("Time spent decoding and running the model per batch")
                .classicUpperBounds(0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1).register(registry);
        inFlight = Gauge.builder().name("janus_cloud_calls_in_flight").help("Finish calls being computed").register(registry);
        GaugeWithCallback.builder().name("janus_cloud_queue_length").help("Finish calls waiting for a worker")
                .callback(cb -> cb.call(queueLength.getAsInt())).register(registry);
        refusals = Counter.builder().name("janus_cloud_refusals_total")
                .help("Finish calls refused or dropped by admission control, by reason (queue_full, peer_queue_full,"
                        + " queue_bytes_full, deadline, expired, draining)")
                .labelNames("reason").register(registry);
        batchSize = Histogram.builder().name("janus_cloud_batch_size").help("Frames computed together per batch")
                .classicUpperBounds(1, 2, 4, 8, 16, 32, 64).register(registry);
        queueWait = Histogram.builder().name("janus_cloud_queue_wait_seconds").help("Time a call waited before its batch started")
                .classicUpperBounds(0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1).register(registry);
    }

    /** Counts every Finish call by the status it closed with. */
    ServerStreamTracer.Factory tracer() {
        String finish = SplitInferenceGrpc.getFinishMethod().getFullMethodName();
        return new ServerStreamTracer.Factory() {
            @Override
            public ServerStreamTracer newServerStreamTracer(String fullMethodName, Metadata headers) {
                return fullMethodName.equals(finish) ? new ServerStreamTracer() {
                    @Override
                    public void streamClosed(Status status) {
                        requests.labelValues(status.getCode().name()).inc();
                    }
                } : new ServerStreamTracer() { };
            }
        };
    }

    void refused(String reason) {
        refusals.labelValues(reason).inc();
    }

    void batchStarted(int calls) {
        inFlight.inc(calls);
        batchSize.observe(calls);
    }

    void batchFinished(int calls, double seconds) {
        inFlight.dec(calls);
        compute.observe(seconds);
    }

    void waited(double seconds) {
        queueWait.observe(seconds);
    }
}
