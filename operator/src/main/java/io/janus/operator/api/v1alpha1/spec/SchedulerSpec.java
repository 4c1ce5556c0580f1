package io.janus.operator.api.v1alpha1.spec;

import io.fabric8.generator.annotation.Size;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.ValidationRule;

/** Tuning of the per-frame scheduler (Algorithm 1 of the paper). Omitted fields use the runtime defaults. */
@ValidationRule(value = "!(has(self.alphaMax) && has(self.minTokens))", fieldPath = ".minTokens",
        message = "set at most one of alphaMax and minTokens: both bound the declining rate")
public class SchedulerSpec {

    @Min(value = 0, inclusive = false)
    @Max(1)
    @JsonPropertyDescription("Step Δα between the declining rates the scheduler tries (0 < Δα <= 1).")
    private Double deltaAlpha;

    @Min(0)
    @Max(1)
    @JsonPropertyDescription("Largest declining rate α the scheduler may choose (0..1).")
    private Double alphaMax;

    @Min(1)
    @Max(100000)
    @JsonPropertyDescription("Fewest tokens any block may keep; bounds α instead of alphaMax.")
    private Integer minTokens;

    @Min(1)
    @Max(64)
    @JsonPropertyDescription("Granularity k of the candidate split points: every k-th block boundary is a candidate. Must not exceed the model depth.")
    private Integer splitGranularity;

    @Size(max = 4)
    @Pattern("^(fp32|fp16|int8)$")
    @JsonPropertyDescription("Encoding of the tokens shipped at the split point: fp32, fp16 or int8.")
    private String codec;

    @Size(max = 8)
    @Pattern("^(lossless|jpeg:([1-9]|[1-9][0-9]|100))$")
    @JsonPropertyDescription("Encoding of the raw frame when the split point is 0 (cloud-only): lossless or jpeg:Q with quality Q in 1..100.")
    private String frameCodec;

    @Min(1)
    @Max(100000000)
    @JsonPropertyDescription("Size in bytes of one encoded frame as the cameras deliver it: what the scheduler expects a cloud-only transfer to cost (the runtime's default is a 28x28 grey digit, 784 bytes; a 224x224 RGB camera frame is about 150000).")
    private Long frameBytes;

    @Min(1)
    @Max(1000)
    @JsonPropertyDescription("Number of recent transfers in the bandwidth estimate (harmonic mean).")
    private Integer bandwidthWindow;

    @Min(value = 0, inclusive = false)
    @Max(1000000)
    @JsonPropertyDescription("Bandwidth assumed before the first transfer (cold start), in Mbit/s.")
    private Double bandwidthPriorMbps;

    public Double getDeltaAlpha() {
        return deltaAlpha;
    }

    public void setDeltaAlpha(Double deltaAlpha) {
        this.deltaAlpha = deltaAlpha;
    }

    public Double getAlphaMax() {
        return alphaMax;
    }

    public void setAlphaMax(Double alphaMax) {
        this.alphaMax = alphaMax;
    }

    public Integer getMinTokens() {
        return minTokens;
    }

    public void setMinTokens(Integer minTokens) {
        this.minTokens = minTokens;
    }

    public Integer getSplitGranularity() {
        return splitGranularity;
    }

    public void setSplitGranularity(Integer splitGranularity) {
        this.splitGranularity = splitGranularity;
    }

    public String getCodec() {
        return codec;
    }

    public void setCodec(String codec) {
        this.codec = codec;
    }

    public String getFrameCodec() {
        return frameCodec;
    }

    public void setFrameCodec(String frameCodec) {
        this.frameCodec = frameCodec;
    }

    public Long getFrameBytes() {
        return frameBytes;
    }

    public void setFrameBytes(Long frameBytes) {
        this.frameBytes = frameBytes;
    }

    public Integer getBandwidthWindow() {
        return bandwidthWindow;
    }

    public void setBandwidthWindow(Integer bandwidthWindow) {
        this.bandwidthWindow = bandwidthWindow;
    }

    public Double getBandwidthPriorMbps() {
        return bandwidthPriorMbps;
    }

    public void setBandwidthPriorMbps(Double bandwidthPriorMbps) {
        this.bandwidthPriorMbps = bandwidthPriorMbps;
    }
}
