package io.janus.operator.naming;

import io.janus.operator.api.v1alpha1.JanusDeployment;
import java.util.Map;

/** Every name and label the operator derives from a JanusDeployment. */
public final class Names {

    public static final String CLOUD = "cloud";
    public static final String EDGE = "edge";

    public static final String LABEL_NAME = "app.kubernetes.io/name";
    public static final String LABEL_INSTANCE = "app.kubernetes.io/instance";
    public static final String LABEL_COMPONENT = "app.kubernetes.io/component";
    public static final String LABEL_MANAGED_BY = "app.kubernetes.io/managed-by";
    public static final String APP = "janus";
    public static final String MANAGER = "janus-operator";
    /** Selector of everything this operator creates; its informers watch only these. */
    public static final String MANAGED_SELECTOR = LABEL_MANAGED_BY + "=" + MANAGER;

    /** Pod-template annotation holding a hash of the runtime configuration, so a change rolls the pods. */
    public static final String CONFIG_HASH_ANNOTATION = "janus.io/config-hash";

    /** Longest JanusDeployment name whose derived names stay valid DNS labels (63 − "-cloud"). */
    public static final int MAX_NAME_LENGTH = 57;

    /** Where the runtime configuration ConfigMap is mounted. */
    public static final String CONFIG_DIR = "/etc/janus";
    public static final String CLOUD_PROPERTIES = "cloud.properties";
    public static final String EDGE_PROPERTIES = "edge.properties";
    /** Where the model source is mounted. */
    public static final String MODELS_DIR = "/models";
    /** Where the TLS Secret is mounted. */
    public static final String TLS_DIR = "/etc/janus/tls";
    public static final String TLS_CERT = "tls.crt";
    public static final String TLS_KEY = "tls.key";
    public static final String TLS_CA = "ca.crt";
    /** The launcher inside the runtime image. */
    public static final String LAUNCHER = "/opt/janus/janus";

    private Names() {}

    public static String configMap(JanusDeployment jd) {
        return jd.getMetadata().getName() + "-runtime";
    }

    public static String cloud(JanusDeployment jd) {
        return jd.getMetadata().getName() + "-" + CLOUD;
    }

    public static String edge(JanusDeployment jd) {
        return jd.getMetadata().getName() + "-" + EDGE;
    }

    /** The cloud Service's address as the edge dials it (cluster DNS search path resolves ".svc"). */
    public static String cloudAddress(JanusDeployment jd, int port) {
        return cloud(jd) + "." + jd.getMetadata().getNamespace() + ".svc:" + port;
    }

    /**
     * The cloud as the edge's gRPC client dials it: the DNS resolver over the headless cloud Service yields every
     * ready cloud pod, and the client's round robin spreads the frames over them.
     */
    public static String cloudTarget(JanusDeployment jd, int port) {
        return "dns:///" + cloudAddress(jd, port);
    }

    /** Labels on every object created for this JanusDeployment. */
    public static Map<String, String> labels(JanusDeployment jd) {
        return Map.of(LABEL_NAME, APP, LABEL_INSTANCE, jd.getMetadata().getName(), LABEL_MANAGED_BY, MANAGER);
    }

    /** Labels of one half's pods, also its selector. */
    public static Map<String, String> selector(JanusDeployment jd, String component) {
        return Map.of(LABEL_NAME, APP, LABEL_INSTANCE, jd.getMetadata().getName(), LABEL_COMPONENT, component);
    }

    /** Labels of one half's objects and pods. */
    public static Map<String, String> componentLabels(JanusDeployment jd, String component) {
        return Map.of(LABEL_NAME, APP, LABEL_INSTANCE, jd.getMetadata().getName(), LABEL_COMPONENT, component,
                LABEL_MANAGED_BY, MANAGER);
    }
}
