package io.janus.operator.api.v1alpha1.spec;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;

/** The edge half: HTTP frame intake, the first blocks, the per-frame decision. */
public class EdgeSpec extends RuntimeSpec {

    /** Runtime default of the edge's HTTP port. */
    public static final int DEFAULT_PORT = 8080;

    @Min(1)
    @Max(65535)
    @JsonPropertyDescription("HTTP port of the edge: POST /v1/infer, GET /v1/status, /metrics, /healthz, /readyz (default 8080).")
    private Integer port;

    public Integer getPort() {
        return port;
    }

    public void setPort(Integer port) {
        this.port = port;
    }
}
