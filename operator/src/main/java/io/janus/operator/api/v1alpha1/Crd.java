package io.janus.operator.api.v1alpha1;

/** Identity of the JanusDeployment API: one place for group, version and kind. */
public final class Crd {
    public static final String GROUP = "janus.io";
    public static final String VERSION = "v1alpha1";
    public static final String KIND = "JanusDeployment";
    public static final String PLURAL = "janusdeployments";

    private Crd() {}
}
