package io.janus.operator.api.v1alpha1.spec;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.ValidationRule;

/** The cloud half: a gRPC server finishing the model from the split state. */
@ValidationRule(value = "(has(self.port) ? self.port : 50051) != (has(self.metricsPort) ? self.metricsPort : 9090)",
        fieldPath = ".metricsPort", message = "port and metricsPort must differ (defaults: port 50051, metricsPort 9090)")
@ValidationRule(value = "!(has(self.replicas) && has(self.autoscaling))", fieldPath = ".autoscaling",
        message = "set at most one of replicas and autoscaling: with autoscaling the HorizontalPodAutoscaler sets the replicas")
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

    @Min(1)
    @Max(256)
    @JsonPropertyDescription("Calls of one shape (split point, token count, remaining schedule) the cloud computes as one batch; 1 turns batching off. Omit for the runtime default (8).")
    private Integer maxBatch;

    @Min(0)
    @Max(1000)
    @JsonPropertyDescription("Milliseconds a batch that is not full waits for more calls of its shape, never past its smallest deadline less its predicted time. Omit for the runtime default (2).")
    private Integer maxBatchWaitMs;

    @JsonPropertyDescription("A HorizontalPodAutoscaler for the cloud Deployment, between minReplicas and maxReplicas, on CPU utilization and optionally the cloud's queue length. Exclusive with replicas.")
    private AutoscalingSpec autoscaling;

    @Min(1)
    @Max(86400)
    @JsonPropertyDescription("Seconds after which the cloud asks each edge connection to reconnect (with a grace period), so that edges re-resolve the cloud Service and spread over replicas that joined. Default: 300 with autoscaling, else connections live for ever.")
    private Integer maxConnectionAgeSeconds;

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

    public Integer getMaxBatch() {
        return maxBatch;
    }

    public void setMaxBatch(Integer maxBatch) {
        this.maxBatch = maxBatch;
    }

    public Integer getMaxBatchWaitMs() {
        return maxBatchWaitMs;
    }

    public void setMaxBatchWaitMs(Integer maxBatchWaitMs) {
        this.maxBatchWaitMs = maxBatchWaitMs;
    }

    public AutoscalingSpec getAutoscaling() {
        return autoscaling;
    }

    public void setAutoscaling(AutoscalingSpec autoscaling) {
        this.autoscaling = autoscaling;
    }

    public Integer getMaxConnectionAgeSeconds() {
        return maxConnectionAgeSeconds;
    }

    public void setMaxConnectionAgeSeconds(Integer maxConnectionAgeSeconds) {
        this.maxConnectionAgeSeconds = maxConnectionAgeSeconds;
    }

    public Integer getWorkers() {
        return workers;
    }

    public void setWorkers(Integer workers) {
        this.workers = workers;
    }
}
