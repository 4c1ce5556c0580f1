package io.janus.cloud;

import io.grpc.Status;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Gauge;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.model.registry.PrometheusRegistry;

/** The cloud's Prometheus metrics: requests by status code, compute time, calls in flight. */
final class CloudMetrics {

    private final Counter requests;
    private final Histogram compute;
    private final Gauge inFlight;

    CloudMetrics(PrometheusRegistry registry) {
        requests = Counter.builder().name("janus_cloud_requests_total")
                .help("Finish calls answered, by gRPC status code (OK, INVALID_ARGUMENT, FAILED_PRECONDITION, ...)")
                .labelNames("code").register(registry);
        compute = Histogram.builder().name("janus_cloud_compute_seconds")
                .help("Time spent decoding and running the model per successful call")
                .classicUpperBounds(0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1).register(registry);
        inFlight = Gauge.builder().name("janus_cloud_calls_in_flight").help("Finish calls being computed").register(registry);
    }

    void started() {
        inFlight.inc();
    }

    void finished(Status.Code code, double seconds) {
        inFlight.dec();
        requests.labelValues(code.name()).inc();
        if (code == Status.Code.OK) {
            compute.observe(seconds);
        }
    }
}
