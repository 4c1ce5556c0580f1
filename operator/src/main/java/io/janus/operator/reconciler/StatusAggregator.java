package io.janus.operator.reconciler;

import static io.janus.operator.reconciler.Conditions.FALSE;
import static io.janus.operator.reconciler.Conditions.TRUE;
import static io.janus.operator.reconciler.Conditions.UNKNOWN;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentCondition;
import io.janus.operator.api.v1alpha1.JanusDeployment;
import io.janus.operator.api.v1alpha1.JanusDeploymentStatus;
import io.janus.operator.api.v1alpha1.status.EdgePodStatus;
import io.janus.operator.api.v1alpha1.status.LiveDecision;
import io.janus.operator.api.v1alpha1.spec.EdgeSpec;
import io.janus.operator.dependent.RuntimePorts;
import io.janus.operator.naming.Names;
import io.janus.operator.status.EdgeObservation;
import io.janus.status.EdgeStatus;
import io.janus.operator.status.PodDiagnosis.PodProblem;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/** Computes the whole status from an observation: always the same condition set, nothing else. */
public final class StatusAggregator {

    public static final String PHASE_INVALID = "Invalid";
    public static final String PHASE_PAUSED = "Paused";
    public static final String PHASE_PENDING = "Pending";
    public static final String PHASE_PROGRESSING = "Progressing";
    public static final String PHASE_DEGRADED = "Degraded";
    public static final String PHASE_RUNNING = "Running";

    /** The pod whose decision the top-level status shows: most SLA violations, then slowest. */
    private static final Comparator<EdgeObservation> WORST_FIRST = Comparator
            .comparingDouble((EdgeObservation o) -> o.status().slaViolationRatio()).reversed()
            .thenComparing(Comparator.comparingDouble((EdgeObservation o) -> o.status().latencyP95Ms()).reversed())
            .thenComparing(EdgeObservation::pod);

    private StatusAggregator() {}

    public static JanusDeploymentStatus aggregate(JanusDeployment jd, Observation obs, String now) {
        Condition cloud = cloudReady(jd, obs);
        Condition edge = edgeReady(jd, obs, TRUE.equals(cloud.getStatus()));
        Condition reachable = cloudReachable(jd, obs.edges());
        Condition degraded = degraded(obs, reachable);
        Condition ready = ready(obs, cloud, edge);

        JanusDeploymentStatus previous = Optional.ofNullable(jd.getStatus()).orElseGet(JanusDeploymentStatus::new);
        JanusDeploymentStatus status = new JanusDeploymentStatus();
        status.setObservedGeneration(jd.getMetadata().getGeneration());
        status.setConditions(Conditions.merge(previous.getConditions(), List.of(ready, edge, cloud, reachable, degraded),
                Optional.ofNullable(jd.getMetadata().getGeneration()).orElse(0L), now));
        status.setPhase(phase(obs, cloud, edge, degraded));
        applyDecision(status, obs.edges());
        obs.edgeWorkload().ifPresent(w -> {
            status.setReadyEdges(w.ready());
            status.setDesiredEdges(w.desired());
            status.setEdgesReady(w.readiness());
        });
        return status;
    }

    private static Condition cloudReady(JanusDeployment jd, Observation obs) {
        return obs.cloud().map(d -> halfCondition(Conditions.CLOUD_READY, "cloud", Workload.of(d), obs.cloudPods()))
                .orElseGet(() -> Conditions.of(Conditions.CLOUD_READY, FALSE, "NotCreated", obs.problems().isEmpty()
                        ? "Deployment " + Names.cloud(jd) + " is being created"
                        : "Deployment " + Names.cloud(jd) + " is not created until the spec problems are fixed"));
    }

    private static Condition edgeReady(JanusDeployment jd, Observation obs, boolean cloudReady) {
        if (obs.edgeWorkload().isPresent()) {
            return halfCondition(Conditions.EDGE_READY, "edge", obs.edgeWorkload().get(), obs.edgePods());
        }
        String kind = EdgeSpec.perNode(jd.getSpec().getEdge()) ? "DaemonSet " : "Deployment ";
        return cloudReady
                ? Conditions.of(Conditions.EDGE_READY, FALSE, "NotCreated", kind + Names.edge(jd) + " is being created")
                : Conditions.of(Conditions.EDGE_READY, FALSE, "WaitingForCloud",
                        "the edge half starts once the cloud half serves");
    }

    private static Condition halfCondition(String type, String half, Workload w, Optional<PodProblem> pods) {
        int ready = w.ready();
        String counts = w.readiness() + " " + half + " pods ready";
        if (w.failure().isPresent()) {
            return Conditions.of(type, ready > 0 ? TRUE : FALSE, "RolloutFailed", counts + "; " + w.failure().get()
                    + "; see kubectl describe " + w.kind() + " " + w.name());
        }
        if (ready > 0) {
            return Conditions.of(type, TRUE, "Serving", counts);
        }
        if (pods.isPresent()) {
            return Conditions.of(type, FALSE, pods.get().reason(), counts + "; " + pods.get().message());
        }
        return Conditions.of(type, FALSE, "Starting", counts + "; if this persists see kubectl describe " + w.kind() + " "
                + w.name() + " and the pods' logs");
    }

    /** Why a Deployment's rollout failed, when it did. */
    static Optional<String> failedRollout(Deployment d) {
        if (d.getStatus() == null || d.getStatus().getConditions() == null) {
            return Optional.empty();
        }
        return d.getStatus().getConditions().stream()
                .filter(c -> ("ReplicaFailure".equals(c.getType()) && TRUE.equals(c.getStatus()))
                        || ("Progressing".equals(c.getType()) && FALSE.equals(c.getStatus())))
                .map(DeploymentCondition::getMessage).findFirst();
    }

    private static Condition cloudReachable(JanusDeployment jd, List<EdgeObservation> edges) {
        List<EdgeObservation> reporting = edges.stream().filter(EdgeObservation::ok).toList();
        if (reporting.isEmpty()) {
            return Conditions.of(Conditions.CLOUD_REACHABLE, UNKNOWN, "NoEdgeStatus", "no edge pod has reported its status yet");
        }
        String unreachable = reporting.stream().filter(o -> !o.status().cloudReachable()).map(EdgeObservation::pod)
                .collect(Collectors.joining(", "));
        if (unreachable.isEmpty()) {
            return Conditions.of(Conditions.CLOUD_REACHABLE, TRUE, "Reachable", "every edge pod reaches the cloud half");
        }
        return Conditions.of(Conditions.CLOUD_REACHABLE, FALSE, "Unreachable", "edge pods " + unreachable
                + " cannot reach the cloud at " + Names.cloudAddress(jd, RuntimePorts.cloudPort(jd.getSpec()))
                + " and run device-only; check the network between the nodes and the TLS Secrets");
    }

    private static Condition degraded(Observation obs, Condition reachable) {
        if (!obs.problems().isEmpty()) {
            return Conditions.of(Conditions.DEGRADED, TRUE, obs.problems().get(0).reason(), messages(obs.problems()));
        }
        String unreadable = obs.edges().stream().filter(o -> !o.ok()).map(o -> o.pod() + ": " + o.error())
                .collect(Collectors.joining("; "));
        if (!unreadable.isEmpty()) {
            return Conditions.of(Conditions.DEGRADED, TRUE, "EdgeStatusUnavailable", unreadable);
        }
        if (FALSE.equals(reachable.getStatus())) {
            return Conditions.of(Conditions.DEGRADED, TRUE, "CloudUnreachable", reachable.getMessage());
        }
        return Conditions.of(Conditions.DEGRADED, FALSE, "AsExpected", "no problem detected");
    }

    private static Condition ready(Observation obs, Condition cloud, Condition edge) {
        if (!obs.problems().isEmpty()) {
            return Conditions.of(Conditions.READY, FALSE, obs.problems().get(0).reason(), messages(obs.problems()));
        }
        if (!TRUE.equals(cloud.getStatus())) {
            return Conditions.of(Conditions.READY, FALSE, "CloudNotReady", cloud.getMessage());
        }
        if (!TRUE.equals(edge.getStatus())) {
            return Conditions.of(Conditions.READY, FALSE, "EdgeNotReady", edge.getMessage());
        }
        return Conditions.of(Conditions.READY, TRUE, "Serving", "both halves serve");
    }

    private static String phase(Observation obs, Condition cloud, Condition edge, Condition degraded) {
        if (obs.paused()) {
            return PHASE_PAUSED;
        }
        if (!obs.problems().isEmpty()) {
            return PHASE_INVALID;
        }
        if (!TRUE.equals(cloud.getStatus())) {
            return PHASE_PENDING;
        }
        if (!TRUE.equals(edge.getStatus())) {
            return PHASE_PROGRESSING;
        }
        return TRUE.equals(degraded.getStatus()) ? PHASE_DEGRADED : PHASE_RUNNING;
    }

    private static void applyDecision(JanusDeploymentStatus status, List<EdgeObservation> edges) {
        List<EdgeObservation> ok = edges.stream().filter(EdgeObservation::ok).sorted(WORST_FIRST).toList();
        if (!ok.isEmpty()) {
            copyDecision(ok.get(0).status(), status);
            status.setThroughputFps(ok.stream().mapToDouble(o -> o.status().throughputFps()).sum());
        }
        if (edges.size() > 1) {
            status.setEdges(edges.stream().sorted(Comparator.comparing(EdgeObservation::pod))
                    .map(StatusAggregator::podStatus).toList());
        }
    }

    /** The decision an edge runtime reported, as the deployment's status or a pod's entry carries it. */
    private static void copyDecision(EdgeStatus s, LiveDecision target) {
        target.setDecliningRate(s.decliningRate());
        target.setSplitPoint(s.splitPoint());
        target.setMode(s.mode());
        target.setBandwidthMbps(s.bandwidthMbps());
        target.setLatencyP50Ms(s.latencyP50Ms());
        target.setLatencyP95Ms(s.latencyP95Ms());
        target.setSlaViolationRatio(s.slaViolationRatio());
        target.setThroughputFps(s.throughputFps());
        target.setLastDecisionTime(s.lastDecisionTime());
    }

    private static EdgePodStatus podStatus(EdgeObservation o) {
        EdgePodStatus p = new EdgePodStatus();
        p.setPod(o.pod());
        p.setNode(o.node());
        p.setError(o.error());
        if (o.ok()) {
            copyDecision(o.status(), p);
            p.setCloudReachable(o.status().cloudReachable());
        }
        return p;
    }

    private static String messages(List<SpecProblem> problems) {
        return problems.stream().map(SpecProblem::message).collect(Collectors.joining("; "));
    }
}
