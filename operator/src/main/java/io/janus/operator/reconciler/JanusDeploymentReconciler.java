package io.janus.operator.reconciler;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.janus.operator.OperatorConfig;
import io.janus.operator.api.v1alpha1.JanusDeployment;
import io.janus.operator.api.v1alpha1.JanusDeploymentStatus;
import io.janus.operator.dependent.CloudAutoscaler;
import io.janus.operator.dependent.CloudDeployment;
import io.janus.operator.dependent.CloudDisruptionBudget;
import io.janus.operator.dependent.CloudReadyCondition;
import io.janus.operator.dependent.CloudService;
import io.janus.operator.dependent.EdgeDaemonSet;
import io.janus.operator.dependent.EdgeDeployment;
import io.janus.operator.dependent.EdgeService;
import io.janus.operator.dependent.RuntimeConfigMap;
import io.janus.operator.dependent.RuntimeDefaults;
import io.janus.operator.dependent.SpecConditions;
import io.janus.operator.naming.Names;
import io.janus.operator.status.EdgeEndpoints;
import io.janus.operator.status.EdgeObservation;
import io.janus.operator.status.EdgeStatusClient;
import io.janus.operator.status.EdgeStatusFetcher;
import io.janus.operator.status.PodDiagnosis;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.ErrorStatusUpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.Workflow;
import io.javaoperatorsdk.operator.api.reconciler.dependent.Dependent;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.polling.PerResourcePollingConfigurationBuilder;
import io.javaoperatorsdk.operator.processing.event.source.polling.PerResourcePollingEventSource;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Observe → validate → reconcile → report. A valid, unpaused spec runs the workflow (config, cloud
 * Service and Deployment, then the edge once the cloud serves); every pass recomputes the status
 * from what is observed, writing it only when it changed and at most once per interval.
 */
@ControllerConfiguration(name = JanusDeploymentReconciler.NAME)
@Workflow(explicitInvocation = true, dependents = {
        @Dependent(name = JanusDeploymentReconciler.CONFIG, type = RuntimeConfigMap.class),
        @Dependent(name = JanusDeploymentReconciler.CLOUD_SERVICE, type = CloudService.class),
        @Dependent(name = JanusDeploymentReconciler.CLOUD, type = CloudDeployment.class,
                dependsOn = JanusDeploymentReconciler.CONFIG, readyPostcondition = CloudReadyCondition.class),
        @Dependent(name = JanusDeploymentReconciler.CLOUD_DISRUPTION_BUDGET, type = CloudDisruptionBudget.class),
        // Not after the cloud is ready: an HPA for a Deployment still starting (or not there yet) simply waits.
        @Dependent(name = JanusDeploymentReconciler.CLOUD_AUTOSCALER, type = CloudAutoscaler.class,
                reconcilePrecondition = SpecConditions.AutoscalingWanted.class),
        @Dependent(name = JanusDeploymentReconciler.EDGE, type = EdgeDeployment.class,
                dependsOn = {JanusDeploymentReconciler.CLOUD, JanusDeploymentReconciler.CLOUD_SERVICE},
                reconcilePrecondition = SpecConditions.FixedEdge.class),
        @Dependent(name = JanusDeploymentReconciler.EDGE_FLEET, type = EdgeDaemonSet.class,
                dependsOn = {JanusDeploymentReconciler.CLOUD, JanusDeploymentReconciler.CLOUD_SERVICE},
                reconcilePrecondition = SpecConditions.PerNodeEdge.class),
        @Dependent(name = JanusDeploymentReconciler.EDGE_SERVICE, type = EdgeService.class)
})
public class JanusDeploymentReconciler implements Reconciler<JanusDeployment> {

    public static final String NAME = "janusdeployment";
    static final String CONFIG = "runtime-config";
    static final String CLOUD_SERVICE = "cloud-service";
    static final String CLOUD = "cloud-deployment";
    static final String EDGE = "edge-deployment";
    static final String EDGE_SERVICE = "edge-service";
    static final String EDGE_FLEET = "edge-daemonset";
    static final String CLOUD_AUTOSCALER = "cloud-autoscaler";
    static final String CLOUD_DISRUPTION_BUDGET = "cloud-disruption-budget";
    static final String EDGE_STATUS = "edge-status";
    private static final Duration STATUS_READ_TIMEOUT = Duration.ofSeconds(2);
    private static final int MAX_MESSAGE = 1024;

    private final OperatorConfig config;
    private final EdgeEndpoints endpoints;
    private final Clock clock;
    private final StatusWriteThrottle throttle;

    public JanusDeploymentReconciler(OperatorConfig config, EdgeEndpoints endpoints, Clock clock) {
        this.config = config;
        this.endpoints = endpoints;
        this.clock = clock;
        this.throttle = new StatusWriteThrottle(config.minStatusWriteInterval(), clock);
    }

    @Override
    public List<EventSource<?, JanusDeployment>> prepareEventSources(EventSourceContext<JanusDeployment> context) {
        var fetcher = new EdgeStatusFetcher(context.getClient(), endpoints, new EdgeStatusClient(STATUS_READ_TIMEOUT));
        var polling = new PerResourcePollingConfigurationBuilder<EdgeObservation, JanusDeployment, String>(
                fetcher, config.statusPollInterval())
                .withName(EDGE_STATUS)
                .withResourceIDMapper(EdgeObservation::pod)
                .build();
        return List.of(new PerResourcePollingEventSource<>(EdgeObservation.class, context, polling));
    }

    @Override
    public UpdateControl<JanusDeployment> reconcile(JanusDeployment jd, Context<JanusDeployment> context) {
        boolean paused = jd.getSpec() != null && Boolean.TRUE.equals(jd.getSpec().getPaused());
        List<SpecProblem> problems = new ArrayList<>(SpecValidator.blocking(jd, context.getClient()));
        if (problems.isEmpty() && !paused) {
            new RuntimeDefaults(config.runtimeImage()).putInto(context);
            context.managedWorkflowAndDependentResourceContext().reconcileManagedWorkflow()
                    .throwAggregateExceptionIfErrorsPresent();
        }
        List<EdgeObservation> edges = context.getSecondaryResourcesAsStream(EdgeObservation.class)
                .sorted(Comparator.comparing(EdgeObservation::pod)).toList();
        if (problems.isEmpty()) {
            problems.addAll(SpecValidator.againstEdges(jd, edges));
        }
        Optional<Deployment> cloud = deployment(context, Names.cloud(jd));
        Optional<Deployment> edge = deployment(context, Names.edge(jd));
        Optional<DaemonSet> edgeFleet = context.getSecondaryResourcesAsStream(DaemonSet.class)
                .filter(d -> Names.edge(jd).equals(d.getMetadata().getName())).findFirst();
        Observation observed = new Observation(problems, paused, cloud, edge, edgeFleet, edges,
                podProblem(jd, context, cloud.map(Workload::of), Names.CLOUD),
                podProblem(jd, context, edgeFleet.map(Workload::of).or(() -> edge.map(Workload::of)), Names.EDGE));
        String now = now();
        JanusDeploymentStatus status = StatusAggregator.aggregate(jd, observed, now);
        UpdateControl<JanusDeployment> control = writeStatus(jd, status, context, problems, now);
        // Missing Secrets and PVCs, and pods, are not watched: look again while something is wrong, so a fix shows.
        boolean unsettled = !problems.isEmpty() || !Set.of(StatusAggregator.PHASE_RUNNING, StatusAggregator.PHASE_PAUSED)
                .contains(status.getPhase());
        return unsettled && control.getScheduleDelay().isEmpty()
                ? control.rescheduleAfter(config.statusPollInterval()) : control;
    }

    /** Why a half that exists is not ready yet, read from its pods; empty when it is ready. */
    private static Optional<PodDiagnosis.PodProblem> podProblem(JanusDeployment jd, Context<JanusDeployment> context,
            Optional<Workload> half, String component) {
        if (half.isEmpty() || half.get().ready() > 0) {
            return Optional.empty();
        }
        return PodDiagnosis.firstProblem(context.getClient().pods().inNamespace(jd.getMetadata().getNamespace())
                .withLabels(Names.selector(jd, component)).list().getItems());
    }

    @Override
    public ErrorStatusUpdateControl<JanusDeployment> updateErrorStatus(JanusDeployment jd,
            Context<JanusDeployment> context, Exception e) {
        if (throttle.waitBeforeWrite(jd.getMetadata().getUid()).isPresent()) {
            return ErrorStatusUpdateControl.defaultErrorProcessing();
        }
        // A copy: the cached resource must not change under the informer.
        JanusDeploymentStatus status = jd.getStatus() == null ? new JanusDeploymentStatus()
                : Serialization.jsonMapper().convertValue(jd.getStatus(), JanusDeploymentStatus.class);
        List<io.fabric8.kubernetes.api.model.Condition> others = status.getConditions().stream()
                .filter(c -> !Conditions.READY.equals(c.getType())).toList();
        List<io.fabric8.kubernetes.api.model.Condition> fresh = new ArrayList<>(List.of(Conditions.of(Conditions.READY,
                Conditions.FALSE, "ReconcileError", "the operator failed to apply the runtimes and retries: "
                        + abbreviate(rootMessage(e)))));
        fresh.addAll(others);
        status.setConditions(Conditions.merge(status.getConditions(), fresh,
                Optional.ofNullable(jd.getMetadata().getGeneration()).orElse(0L), now()));
        throttle.recordWrite(jd.getMetadata().getUid());
        return ErrorStatusUpdateControl.patchStatus(statusPatch(jd, status));
    }

    private UpdateControl<JanusDeployment> writeStatus(JanusDeployment jd, JanusDeploymentStatus status,
            Context<JanusDeployment> context, List<SpecProblem> problems, String now) {
        JanusDeploymentStatus previous = jd.getStatus();
        if (same(previous, status)) {
            return UpdateControl.noUpdate();
        }
        String uid = jd.getMetadata().getUid();
        Optional<Duration> wait = throttle.waitBeforeWrite(uid);
        if (wait.isPresent()) {
            return UpdateControl.<JanusDeployment>noUpdate().rescheduleAfter(wait.get());
        }
        announce(jd, previous, status, problems, context, now);
        throttle.recordWrite(uid);
        return UpdateControl.patchStatus(statusPatch(jd, status));
    }

    /**
     * What the status is applied with: the identity and the status, nothing else. JOSDK applies it to the
     * status subresource with server-side apply; without a resourceVersion a concurrent edit of the
     * resource (a label, a spec change) cannot make the write fail with 409 Conflict, and without the spec
     * the status writer claims no spec field. The cached {@code jd} stays untouched.
     */
    static JanusDeployment statusPatch(JanusDeployment jd, JanusDeploymentStatus status) {
        JanusDeployment patch = new JanusDeployment();
        patch.setMetadata(new ObjectMetaBuilder().withName(jd.getMetadata().getName())
                .withNamespace(jd.getMetadata().getNamespace()).build());
        patch.setStatus(status);
        return patch;
    }

    /** An Event when the spec problems change, and one when they are gone. */
    private static void announce(JanusDeployment jd, JanusDeploymentStatus previous, JanusDeploymentStatus status,
                                 List<SpecProblem> problems, Context<JanusDeployment> context, String now) {
        String before = previous == null ? null : Conditions.find(previous.getConditions(), Conditions.READY)
                .map(c -> c.getReason() + ":" + c.getMessage()).orElse(null);
        String after = Conditions.find(status.getConditions(), Conditions.READY)
                .map(c -> c.getReason() + ":" + c.getMessage()).orElse(null);
        if (!problems.isEmpty() && !Objects.equals(before, after)) {
            SpecEvents.problemsFound(context.getClient(), jd, problems, now);
        } else if (problems.isEmpty() && previous != null
                && StatusAggregator.PHASE_INVALID.equals(previous.getPhase())) {
            SpecEvents.recovered(context.getClient(), jd, now);
        }
    }

    private static Optional<Deployment> deployment(Context<JanusDeployment> context, String name) {
        return context.getSecondaryResourcesAsStream(Deployment.class)
                .filter(d -> name.equals(d.getMetadata().getName())).findFirst();
    }

    private static boolean same(JanusDeploymentStatus a, JanusDeploymentStatus b) {
        if (a == null) {
            return false;
        }
        JsonNode left = Serialization.jsonMapper().valueToTree(a);
        JsonNode right = Serialization.jsonMapper().valueToTree(b);
        return left.equals(right);
    }

    private String now() {
        return Instant.now(clock).truncatedTo(ChronoUnit.SECONDS).toString();
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t.getMessage() == null ? t.toString() : t.getMessage();
    }

    private static String abbreviate(String s) {
        return s.length() <= MAX_MESSAGE ? s : s.substring(0, MAX_MESSAGE) + "…";
    }
}
