package io.janus.operator.api.v1alpha1.spec;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.ValidationRule;

/** The edge half: HTTP frame intake, the first blocks, the per-frame decision. */
@ValidationRule(value = "!(has(self.placement) && self.placement == 'PerNode' && has(self.replicas))", fieldPath = ".replicas",
        message = "replicas applies to placement Fixed only: placement PerNode runs one edge on every node the nodeSelector matches")
@ValidationRule(value = "!has(self.placement) || self.placement != 'PerNode' || (has(self.nodeSelector) && size(self.nodeSelector) > 0)",
        fieldPath = ".nodeSelector",
        message = "placement PerNode needs a nodeSelector naming the edge devices (e.g. janus.io/role: edge): without one every node of the cluster runs an edge")
public class EdgeSpec extends RuntimeSpec {

    /** One edge pod on every node the nodeSelector matches (a DaemonSet). */
    public static final String PER_NODE = "PerNode";
    /** A fixed number of edge pods, {@code replicas} (a Deployment). */
    public static final String FIXED = "Fixed";

    /** Runtime default of the edge's HTTP port. */
    public static final int DEFAULT_PORT = 8080;

    @Min(1)
    @Max(65535)
    @JsonPropertyDescription("HTTP port of the edge: POST /v1/infer, GET /v1/status, /metrics, /healthz, /readyz (default 8080).")
    private Integer port;

    @Pattern("^(PerNode|Fixed)$")
    @JsonPropertyDescription("PerNode: one edge pod on every node the nodeSelector matches (a fleet of devices; a node that joins gets its edge); Fixed (default): replicas edge pods wherever they fit.")
    private String placement;

    /** True when the edge runs on every matching node rather than as a fixed count. */
    public static boolean perNode(EdgeSpec edge) {
        return edge != null && PER_NODE.equals(edge.getPlacement());
    }

    public String getPlacement() {
        return placement;
    }

    public void setPlacement(String placement) {
        this.placement = placement;
    }

    public Integer getPort() {
        return port;
    }

    public void setPort(Integer port) {
        this.port = port;
    }
}
