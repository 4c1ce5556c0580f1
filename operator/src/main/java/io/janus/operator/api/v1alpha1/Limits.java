package io.janus.operator.api.v1alpha1;

/**
 * Upper bounds of the CRD's strings, lists and maps. Besides rejecting nonsense early they let the
 * API server cost the CEL rules: without a maxLength it assumes a string of the whole request size
 * (about 3 MiB) and refuses rules that would exceed the per-rule budget.
 */
public final class Limits {

    /** A DNS-1123 label: Service names, container names. */
    public static final long DNS_LABEL = 63;
    /** A DNS-1123 subdomain: ConfigMap, Secret, PVC and RuntimeClass names. */
    public static final long DNS_SUBDOMAIN = 253;
    /** A JanusDeployment name: its derived Service names ("-cloud", "-edge") must stay DNS labels. */
    public static final long NAME = 57;
    /** An image reference. */
    public static final long IMAGE = 1024;
    /** A URL of a model archive. */
    public static final long URL = 2048;
    /** A path on a node's filesystem. */
    public static final long HOST_PATH = 1024;
    /** The model folder inside its source. */
    public static final long MODEL_PATH = 253;
    /** Entries of env, tolerations and nodeSelector. */
    public static final long ENTRIES = 64;

    /** DNS-1123 subdomain: lowercase alphanumerics, '-' and '.', alphanumeric at both ends. */
    public static final String DNS_SUBDOMAIN_PATTERN = "^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$";

    private Limits() {}
}
