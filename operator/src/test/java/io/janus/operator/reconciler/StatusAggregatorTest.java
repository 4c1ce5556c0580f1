package io.janus.operator.reconciler;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.DaemonSetBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.janus.operator.api.Examples;
import io.janus.operator.api.v1alpha1.JanusDeployment;
import io.janus.operator.api.v1alpha1.JanusDeploymentStatus;
import io.janus.operator.api.v1alpha1.spec.EdgeSpec;
import io.janus.operator.api.v1alpha1.spec.SchedulerSpec;
import io.janus.operator.status.EdgeObservation;
import io.janus.plan.Mode;
import io.janus.status.EdgeStatus;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class StatusAggregatorTest {

    static final String T0 = "2026-11-22T18:00:00Z";
    static final String T1 = "2026-11-22T18:05:00Z";

    /** examples/minimal.yaml as vision/cam (a 300 ms SLA) at generation 4, as the API server would have it. */
    static JanusDeployment jd() {
        JanusDeployment jd = Examples.load(Examples.MINIMAL, "vision", "cam");
        jd.getMetadata().setGeneration(4L);
        return jd;
    }

    static Deployment ready(String name, int ready, int desired) {
        return new DeploymentBuilder().withNewMetadata().withName(name).endMetadata()
                .withNewSpec().withReplicas(desired).endSpec()
                .withNewStatus().withReadyReplicas(ready).withUpdatedReplicas(ready).endStatus().build();
    }

    static EdgeStatus edge(int split, double violations, double p95, boolean reachable) {
        return status(split, p95, violations, reachable, null);
    }

    /** The edge runtime's record with what the operator reads set, the rest as a steady edge reports it. */
    static EdgeStatus status(int split, double p95, double violations, boolean reachable, Double minLatencyMs) {
        return new EdgeStatus(split, 0.1, "exp:0.1", Mode.COLLABORATIVE, "fp16", 10.0, 0, 50.0, p95, 300, violations, 5.0,
                0, 0, reachable, T0, 12, false, null, minLatencyMs, null, "scheduler", null);
    }

    static Condition condition(JanusDeploymentStatus s, String type) {
        return Conditions.find(s.getConditions(), type).orElseThrow();
    }

    @Test
    void alwaysReportsTheSameConditionSet() {
        JanusDeploymentStatus s = StatusAggregator.aggregate(jd(),
                new Observation(List.of(), false, Optional.empty(), Optional.empty(), List.of()), T0);
        assertThat(s.getConditions()).extracting(Condition::getType)
                .containsExactly("Ready", "EdgeReady", "CloudReady", "CloudReachable", "Degraded");
        assertThat(s.getPhase()).isEqualTo("Pending");
        assertThat(condition(s, "EdgeReady").getReason()).isEqualTo("WaitingForCloud");
        assertThat(condition(s, "CloudReachable").getStatus()).isEqualTo("Unknown");
        assertThat(s.getObservedGeneration()).isEqualTo(4L);
        assertThat(s.getConditions()).allSatisfy(c -> assertThat(c.getObservedGeneration()).isEqualTo(4L));
    }

    @Test
    void keepsLastTransitionTimeWhileAConditionsStatusHolds() {
        JanusDeployment jd = jd();
        Observation running = new Observation(List.of(), false, Optional.of(ready("cam-cloud", 1, 1)),
                Optional.of(ready("cam-edge", 1, 1)), List.of(EdgeObservation.of("cam-edge-a", edge(3, 0, 90, true))));
        jd.setStatus(StatusAggregator.aggregate(jd, running, T0));
        assertThat(condition(jd.getStatus(), "Ready").getStatus()).isEqualTo("True");

        Observation unreachable = new Observation(List.of(), false, running.cloud(), running.edge(),
                List.of(EdgeObservation.of("cam-edge-a", edge(13, 0, 90, false))));
        JanusDeploymentStatus later = StatusAggregator.aggregate(jd, unreachable, T1);
        assertThat(condition(later, "Ready").getLastTransitionTime()).isEqualTo(T0);
        assertThat(condition(later, "CloudReachable").getStatus()).isEqualTo("False");
        assertThat(condition(later, "CloudReachable").getLastTransitionTime()).isEqualTo(T1);
        assertThat(condition(later, "Degraded").getReason()).isEqualTo("CloudUnreachable");
        assertThat(condition(later, "Degraded").getMessage()).contains("cam-edge-a", "cam-cloud.vision.svc:50051");
        assertThat(later.getPhase()).isEqualTo("Degraded");
    }

    @Test
    void aFleetReportsEdgesReadyOverDesiredAndEachEdgesNodeAndDecision() {
        DaemonSet fleet = new DaemonSetBuilder().withNewMetadata().withName("cam-edge").endMetadata()
                .withNewStatus().withNumberReady(4).withDesiredNumberScheduled(5).endStatus().build();
        Observation obs = new Observation(List.of(), false, Optional.of(ready("cam-cloud", 2, 2)), Optional.empty(),
                Optional.of(fleet), List.of(
                        EdgeObservation.of("cam-edge-a", "jetson-1", edge(3, 0.0, 90, true)),
                        EdgeObservation.of("cam-edge-b", "jetson-2", edge(5, 0.10, 150, true)),
                        EdgeObservation.failed("cam-edge-c", "jetson-3", "cannot connect to http://10.0.0.9:8080/v1/status")),
                Optional.empty(), Optional.empty());
        JanusDeploymentStatus s = StatusAggregator.aggregate(jd(), obs, T0);
        assertThat(s.getEdgesReady()).isEqualTo("4/5");
        assertThat(s.getReadyEdges()).isEqualTo(4);
        assertThat(s.getDesiredEdges()).isEqualTo(5);
        assertThat(condition(s, "EdgeReady").getMessage()).startsWith("4/5 edge pods ready");
        assertThat(s.getEdges()).extracting(e -> e.getPod() + "@" + e.getNode())
                .containsExactly("cam-edge-a@jetson-1", "cam-edge-b@jetson-2", "cam-edge-c@jetson-3");
        assertThat(s.getEdges().get(1).getSplitPoint()).isEqualTo(5);
        assertThat(s.getEdges().get(1).getLatencyP95Ms()).isEqualTo(150.0);
        assertThat(s.getEdges().get(1).getSlaViolationRatio()).isEqualTo(0.10);
        assertThat(s.getSplitPoint()).as("the worst edge's decision on top").isEqualTo(5);
    }

    @Test
    void aFleetNotYetCreatedSaysWhichWorkloadItWaitsFor() {
        JanusDeployment jd = jd();
        jd.getSpec().setEdge(new EdgeSpec());
        jd.getSpec().getEdge().setPlacement("PerNode");
        Observation obs = new Observation(List.of(), false, Optional.of(ready("cam-cloud", 1, 1)), Optional.empty(),
                List.of());
        JanusDeploymentStatus s = StatusAggregator.aggregate(jd, obs, T0);
        assertThat(condition(s, "EdgeReady").getMessage()).isEqualTo("DaemonSet cam-edge is being created");
        assertThat(s.getEdgesReady()).isNull();
    }

    @Test
    void severalEdgePodsListEachAndShowTheWorstOnTop() {
        Observation obs = new Observation(List.of(), false, Optional.of(ready("cam-cloud", 1, 1)),
                Optional.of(ready("cam-edge", 2, 3)), List.of(
                        EdgeObservation.of("cam-edge-a", edge(3, 0.01, 90, true)),
                        EdgeObservation.of("cam-edge-b", edge(6, 0.20, 70, true)),
                        EdgeObservation.failed("cam-edge-c", "cannot connect to http://10.0.0.9:8080/v1/status")));
        JanusDeploymentStatus s = StatusAggregator.aggregate(jd(), obs, T0);
        assertThat(s.getSplitPoint()).isEqualTo(6);
        assertThat(s.getSlaViolationRatio()).isEqualTo(0.20);
        assertThat(s.getThroughputFps()).isEqualTo(10.0);
        assertThat(s.getEdges()).extracting(e -> e.getPod()).containsExactly("cam-edge-a", "cam-edge-b", "cam-edge-c");
        assertThat(s.getEdges().get(2).getError()).contains("cannot connect");
        assertThat(condition(s, "EdgeReady").getMessage()).isEqualTo("2/3 edge pods ready");
        assertThat(condition(s, "Degraded").getReason()).isEqualTo("EdgeStatusUnavailable");
    }

    @Test
    void specProblemsMakeItInvalidWithTheirReasonAndMessage() {
        SpecProblem p = new SpecProblem("ModelNotFound", "PersistentVolumeClaim models does not exist");
        JanusDeploymentStatus s = StatusAggregator.aggregate(jd(),
                new Observation(List.of(p), false, Optional.empty(), Optional.empty(), List.of()), T0);
        assertThat(s.getPhase()).isEqualTo("Invalid");
        assertThat(condition(s, "Ready").getReason()).isEqualTo("ModelNotFound");
        assertThat(condition(s, "Ready").getMessage()).isEqualTo(p.message());
        assertThat(condition(s, "Degraded").getStatus()).isEqualTo("True");
        assertThat(condition(s, "CloudReady").getMessage()).contains("not created until the spec problems are fixed");
    }

    @Test
    void edgeReportsRevealSplitGranularityBeyondTheDepthAndAnUnreachableSla() {
        JanusDeployment jd = jd();
        SchedulerSpec scheduler = new SchedulerSpec();
        scheduler.setSplitGranularity(16);
        jd.getSpec().setScheduler(scheduler);
        EdgeStatus slow = status(3, 90.0, 0.0, true, 412.5);
        List<SpecProblem> problems = SpecValidator.againstEdges(jd, List.of(EdgeObservation.of("a", slow)));
        assertThat(problems).extracting(SpecProblem::reason).containsExactly("SplitOutOfRange", "SlaUnachievable");
        assertThat(problems.get(0).message()).contains("splitGranularity 16 exceeds the model depth 12", "1..12");
        assertThat(problems.get(1).message()).contains("latencyMs 300 is below 413 ms");

        scheduler.setSplitGranularity(4);
        jd.getSpec().getSla().setLatencyMs(500);
        assertThat(SpecValidator.againstEdges(jd, List.of(EdgeObservation.of("a", slow)))).isEmpty();
    }
}
