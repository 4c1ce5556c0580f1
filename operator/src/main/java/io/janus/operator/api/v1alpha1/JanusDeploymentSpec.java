package io.janus.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Required;
import io.janus.operator.api.v1alpha1.spec.CloudSpec;
import io.janus.operator.api.v1alpha1.spec.EdgeSpec;
import io.janus.operator.api.v1alpha1.spec.ModelSpec;
import io.janus.operator.api.v1alpha1.spec.SchedulerSpec;
import io.janus.operator.api.v1alpha1.spec.SlaSpec;
import io.janus.operator.api.v1alpha1.spec.TlsSpec;

/** What the user wants: which model, which latency budget, and where each half runs. */
public class JanusDeploymentSpec {

    @Required
    @JsonPropertyDescription("Where the model weights come from (exactly one of pvc, hostPath, url) and the model folder inside it. Both halves load the same model.")
    private ModelSpec model;

    @Required
    @JsonPropertyDescription("Service-level agreement the scheduler plans every frame against.")
    private SlaSpec sla;

    @JsonPropertyDescription("Scheduler tuning: declining-rate schedule, candidate split points, codecs and bandwidth estimate. Omitted fields use the runtime defaults.")
    private SchedulerSpec scheduler;

    @JsonPropertyDescription("The edge half (on the device, e.g. a Jetson): receives frames, runs the first blocks with token merging, ships the tokens to the cloud.")
    private EdgeSpec edge;

    @JsonPropertyDescription("The cloud half (on a GPU node): finishes the model from the split state received over gRPC.")
    private CloudSpec cloud;

    @JsonPropertyDescription("Mutual TLS between the halves. Without it the halves talk plaintext gRPC.")
    private TlsSpec tls;

    @JsonPropertyDescription("When true the operator stops changing the runtimes (spec edits are not applied) but keeps reporting status.")
    private Boolean paused;

    public ModelSpec getModel() {
        return model;
    }

    public void setModel(ModelSpec model) {
        this.model = model;
    }

    public SlaSpec getSla() {
        return sla;
    }

    public void setSla(SlaSpec sla) {
        this.sla = sla;
    }

    public SchedulerSpec getScheduler() {
        return scheduler;
    }

    public void setScheduler(SchedulerSpec scheduler) {
        this.scheduler = scheduler;
    }

    public EdgeSpec getEdge() {
        return edge;
    }

    public void setEdge(EdgeSpec edge) {
        this.edge = edge;
    }

    public CloudSpec getCloud() {
        return cloud;
    }

    public void setCloud(CloudSpec cloud) {
        this.cloud = cloud;
    }

    public TlsSpec getTls() {
        return tls;
    }

    public void setTls(TlsSpec tls) {
        this.tls = tls;
    }

    public Boolean getPaused() {
        return paused;
    }

    public void setPaused(Boolean paused) {
        this.paused = paused;
    }
}
