package io.janus.operator.api.v1alpha1.spec;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.ValidationRule;

/** The cloud half: a gRPC server finishing the model from the split state. */
@ValidationRule(value = "(has(self.port) ? self.port : 50051) != (has(self.metricsPort) ? self.metricsPort : 9090)",
        fieldPath = ".metricsPort", message = "port and metricsPort must differ (defaults: port 50051, metricsPort 9090)")
public class CloudSpec extends RuntimeSpec {

    /** Runtime default of the cloud's gRPC port. */
    public static final int DEFAULT_PORT = 50051;
    /** Runtime default of the cloud's HTTP metrics and health port. */
    public static final int DEFAULT_METRICS_PORT = 9090;

    @Min(1)
    @Max(65535)
    @JsonPropertyDescription("gRPC port of the cloud (default 50051).")
    private Integer port;

    @Min(1)
    @Max(65535)
    @JsonPropertyDescription("HTTP port of the cloud's /metrics, /healthz and /readyz (default 9090).")
    private Integer metricsPort;

    @Min(1)
    @Max(256)
    @JsonPropertyDescription("Worker threads finishing frames concurrently. Omit for the runtime default.")
    private Integer workers;

    public Integer getPort() {
        return port;
    }

    public void setPort(Integer port) {
        this.port = port;
    }

    public Integer getMetricsPort() {
        return metricsPort;
    }

    public void setMetricsPort(Integer metricsPort) {
        this.metricsPort = metricsPort;
    }

    public Integer getWorkers() {
        return workers;
    }

    public void setWorkers(Integer workers) {
        this.workers = workers;
    }
}
