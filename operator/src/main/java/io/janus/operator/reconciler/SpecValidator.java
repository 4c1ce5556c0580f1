package io.janus.operator.reconciler;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.janus.operator.api.v1alpha1.JanusDeployment;
import io.janus.operator.api.v1alpha1.JanusDeploymentSpec;
import io.janus.operator.api.v1alpha1.spec.ModelSpec;
import io.janus.operator.api.v1alpha1.spec.SchedulerSpec;
import io.janus.operator.naming.Names;
import io.janus.operator.status.EdgeObservation;
import io.janus.status.EdgeStatus;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;

/**
 * Checks what the CRD schema cannot: referenced objects exist, and the settings fit what the edge
 * runtime reports about the model. The schema already enforces ranges and patterns; the structural
 * checks here keep the operator safe when it is not there (older API servers, tests).
 */
public final class SpecValidator {

    /** A Service name: the CRD checks it too (CEL on metadata.name); kept here for servers without the CRD's rules. */
    static final java.util.regex.Pattern DNS_1035 = java.util.regex.Pattern.compile("[a-z]([-a-z0-9]*[a-z0-9])?");
    static final List<String> TLS_KEYS = List.of(Names.TLS_CERT, Names.TLS_KEY, Names.TLS_CA);

    private SpecValidator() {}

    /** Problems that stop the operator from changing the runtimes until they are fixed. */
    public static List<SpecProblem> blocking(JanusDeployment jd, KubernetesClient client) {
        List<SpecProblem> problems = new ArrayList<>(structure(jd));
        if (!problems.isEmpty()) {
            return problems;
        }
        String ns = jd.getMetadata().getNamespace();
        JanusDeploymentSpec spec = jd.getSpec();
        if (spec.getModel().getPvc() != null) {
            String claim = spec.getModel().getPvc().getClaimName();
            if (client.persistentVolumeClaims().inNamespace(ns).withName(claim).get() == null) {
                problems.add(new SpecProblem("ModelNotFound", "PersistentVolumeClaim " + claim
                        + " (spec.model.pvc.claimName) does not exist in namespace " + ns
                        + "; create it with the model folder or point spec.model at another source"));
            }
        }
        if (spec.getTls() != null) {
            checkTlsSecret(client, ns, spec.getTls().getCloudSecretName(), "spec.tls.cloudSecretName", problems);
            checkTlsSecret(client, ns, spec.getTls().getEdgeSecretName(), "spec.tls.edgeSecretName", problems);
        }
        return problems;
    }

    /** Problems only the running edge can reveal (it knows the model depth and the latency profiles). */
    public static List<SpecProblem> againstEdges(JanusDeployment jd, List<EdgeObservation> edges) {
        List<SpecProblem> problems = new ArrayList<>();
        List<EdgeStatus> statuses = edges.stream().filter(EdgeObservation::ok).map(EdgeObservation::status).toList();
        SchedulerSpec scheduler = jd.getSpec().getScheduler();
        Integer k = scheduler == null ? null : scheduler.getSplitGranularity();
        statuses.stream().map(EdgeStatus::depth).filter(depth -> depth > 0).min(Integer::compare)
                .filter(depth -> k != null && k > depth)
                .ifPresent(depth -> problems.add(new SpecProblem("SplitOutOfRange",
                        "spec.scheduler.splitGranularity " + k + " exceeds the model depth " + depth
                                + " reported by the edge; use a value in 1.." + depth)));
        int sla = jd.getSpec().getSla().getLatencyMs();
        statuses.stream().map(EdgeStatus::minLatencyMs).filter(Objects::nonNull).min(Double::compare)
                .filter(floor -> sla < floor)
                .ifPresent(floor -> problems.add(new SpecProblem("SlaUnachievable",
                        "spec.sla.latencyMs " + sla + " is below " + Math.round(Math.ceil(floor))
                                + " ms, the fastest any split point and declining rate reaches per the latency"
                                + " profiles; raise the SLA or use faster hardware")));
        return problems;
    }

    /** Required fields and the single model source; without these no manifest can be built. */
    public static List<SpecProblem> structure(JanusDeployment jd) {
        List<SpecProblem> problems = new ArrayList<>();
        String name = jd.getMetadata().getName();
        if (name.length() > Names.MAX_NAME_LENGTH) {
            problems.add(new SpecProblem("NameTooLong", "the name must have at most " + Names.MAX_NAME_LENGTH
                    + " characters so the derived Service name stays a valid DNS label"));
        } else if (!DNS_1035.matcher(name).matches()) {
            problems.add(new SpecProblem("InvalidName", "the name " + name + " must start with a lowercase letter and"
                    + " hold only lowercase letters, digits and '-': it names the Services " + Names.cloud(jd) + " and "
                    + Names.edge(jd)));
        }
        JanusDeploymentSpec spec = jd.getSpec();
        if (spec == null) {
            problems.add(new SpecProblem("InvalidSpec", "spec is missing; set at least spec.model and spec.sla"));
            return problems;
        }
        ModelSpec model = spec.getModel();
        long sources = model == null ? 0
                : Stream.of(model.getPvc(), model.getHostPath(), model.getUrl()).filter(Objects::nonNull).count();
        if (sources != 1) {
            problems.add(new SpecProblem("InvalidModelSource",
                    "spec.model must set exactly one of pvc, hostPath or url (found " + sources + ")"));
        }
        if (spec.getSla() == null || spec.getSla().getLatencyMs() == null || spec.getSla().getLatencyMs() < 1) {
            problems.add(new SpecProblem("InvalidSla", "spec.sla.latencyMs must be set to a positive number of milliseconds"));
        }
        return problems;
    }

    private static void checkTlsSecret(KubernetesClient client, String ns, String name, String field,
                                       List<SpecProblem> problems) {
        Secret secret = client.secrets().inNamespace(ns).withName(name).get();
        if (secret == null) {
            problems.add(new SpecProblem("TlsSecretMissing", "Secret " + name + " (" + field
                    + ") does not exist in namespace " + ns + "; create it with " + String.join(", ", TLS_KEYS)));
            return;
        }
        List<String> missing = TLS_KEYS.stream().filter(key -> !hasKey(secret, key)).toList();
        if (!missing.isEmpty()) {
            problems.add(new SpecProblem("TlsSecretIncomplete", "Secret " + name + " (" + field + ") lacks "
                    + String.join(", ", missing) + "; it needs " + String.join(", ", TLS_KEYS)));
        }
    }

    private static boolean hasKey(Secret secret, String key) {
        return (secret.getData() != null && secret.getData().containsKey(key))
                || (secret.getStringData() != null && secret.getStringData().containsKey(key));
    }
}
