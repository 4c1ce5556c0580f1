package io.janus.operator.api.v1alpha1.spec;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.ValidationRule;

/** How the cloud pool follows the load of its fleet: a HorizontalPodAutoscaler (autoscaling/v2) on the cloud Deployment. */
@ValidationRule(value = "(has(self.minReplicas) ? self.minReplicas : 1) <= self.maxReplicas", fieldPath = ".minReplicas",
        message = "minReplicas (default 1) must not exceed maxReplicas")
public class AutoscalingSpec {

    /** Used when minReplicas is omitted. */
    public static final int DEFAULT_MIN_REPLICAS = 1;
    /** Used when targetCpuUtilizationPercent is omitted (the HorizontalPodAutoscaler's own default). */
    public static final int DEFAULT_TARGET_CPU_UTILIZATION_PERCENT = 80;

    @Min(1)
    @Max(64)
    @JsonPropertyDescription("Fewest cloud pods (default 1).")
    private Integer minReplicas;

    @Required
    @Min(1)
    @Max(64)
    @JsonPropertyDescription("Most cloud pods.")
    private Integer maxReplicas;

    @Min(1)
    @Max(1000)
    @JsonPropertyDescription("Average CPU use of the cloud pods to keep, in percent of their CPU request (default 80).")
    private Integer targetCpuUtilizationPercent;

    @Min(1)
    @Max(4096)
    @JsonPropertyDescription("Average number of calls waiting per cloud pod to keep (the pods metric janus_cloud_queue_length). Needs a custom-metrics adapter (e.g. prometheus-adapter) serving that metric; omit it to scale on CPU alone.")
    private Integer targetQueueLength;

    public Integer getMinReplicas() {
        return minReplicas;
    }

    public void setMinReplicas(Integer minReplicas) {
        this.minReplicas = minReplicas;
    }

    public Integer getMaxReplicas() {
        return maxReplicas;
    }

    public void setMaxReplicas(Integer maxReplicas) {
        this.maxReplicas = maxReplicas;
    }

    public Integer getTargetCpuUtilizationPercent() {
        return targetCpuUtilizationPercent;
    }

    public void setTargetCpuUtilizationPercent(Integer targetCpuUtilizationPercent) {
        this.targetCpuUtilizationPercent = targetCpuUtilizationPercent;
    }

    public Integer getTargetQueueLength() {
        return targetQueueLength;
    }

    public void setTargetQueueLength(Integer targetQueueLength) {
        this.targetQueueLength = targetQueueLength;
    }
}
