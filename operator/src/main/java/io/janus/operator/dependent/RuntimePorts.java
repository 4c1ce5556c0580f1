package io.janus.operator.dependent;

import io.janus.operator.api.v1alpha1.JanusDeploymentSpec;
import io.janus.operator.api.v1alpha1.spec.CloudSpec;
import io.janus.operator.api.v1alpha1.spec.EdgeSpec;
import io.janus.operator.api.v1alpha1.spec.ModelSpec;
import io.janus.operator.naming.Names;

/** Ports and paths resolved from the spec, with the runtimes' defaults where the spec is silent. */
public final class RuntimePorts {

    private RuntimePorts() {}

    public static int cloudPort(JanusDeploymentSpec spec) {
        return spec.getCloud() != null && spec.getCloud().getPort() != null
                ? spec.getCloud().getPort() : CloudSpec.DEFAULT_PORT;
    }

    public static int cloudMetricsPort(JanusDeploymentSpec spec) {
        return spec.getCloud() != null && spec.getCloud().getMetricsPort() != null
                ? spec.getCloud().getMetricsPort() : CloudSpec.DEFAULT_METRICS_PORT;
    }

    public static int edgePort(JanusDeploymentSpec spec) {
        return spec.getEdge() != null && spec.getEdge().getPort() != null
                ? spec.getEdge().getPort() : EdgeSpec.DEFAULT_PORT;
    }

    /** The model folder as the runtimes see it. */
    public static String modelDir(ModelSpec model) {
        return model.getPath() == null || model.getPath().isEmpty()
                ? Names.MODELS_DIR : Names.MODELS_DIR + "/" + model.getPath();
    }
}
