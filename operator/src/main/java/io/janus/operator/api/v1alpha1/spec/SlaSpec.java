package io.janus.operator.api.v1alpha1.spec;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.Required;

/** The latency budget and accuracy floor every frame is planned against. */
public class SlaSpec {

    @Required
    @Min(1)
    @Max(600000)
    @JsonPropertyDescription("Latency budget per frame, end to end, in milliseconds.")
    private Integer latencyMs;

    @Min(0)
    @Max(1)
    @JsonPropertyDescription("Lowest acceptable accuracy (0..1); the scheduler does not merge tokens below it. Omit for no floor.")
    private Double minAccuracy;

    @Size(min = 1, max = 253)
    @Pattern("^[^/\\s][^\\s]*$")
    @JsonPropertyDescription("Accuracy profile for minAccuracy: a JSON file (fixtures/accuracy.json format) relative to the model folder. Default: accuracy.json in the model folder, which the runtime reads when minAccuracy is set.")
    private String accuracyProfile;

    public String getAccuracyProfile() {
        return accuracyProfile;
    }

    public void setAccuracyProfile(String accuracyProfile) {
        this.accuracyProfile = accuracyProfile;
    }

    public Integer getLatencyMs() {
        return latencyMs;
    }

    public void setLatencyMs(Integer latencyMs) {
        this.latencyMs = latencyMs;
    }

    public Double getMinAccuracy() {
        return minAccuracy;
    }

    public void setMinAccuracy(Double minAccuracy) {
        this.minAccuracy = minAccuracy;
    }
}
