package io.janus.operator.status;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import java.util.List;
import org.junit.jupiter.api.Test;

class PodDiagnosisTest {

    static Pod crashing(String name, String log) {
        return new PodBuilder().withNewMetadata().withName(name).endMetadata().withNewStatus()
                .addNewContainerStatus().withName("cloud")
                    .withNewState().withNewWaiting().withReason("CrashLoopBackOff")
                        .withMessage("back-off 40s restarting failed container").endWaiting().endState()
                    .withNewLastState().withNewTerminated().withExitCode(2).withMessage(log).endTerminated().endLastState()
                .endContainerStatus().endStatus().build();
    }

    @Test
    void aCrashLoopShowsTheRuntimesLastWords() {
        Pod pod = crashing("cam-cloud-1", "loading model\n/models/vit-base: no config.json (spec.model.path?)\n");
        PodDiagnosis.PodProblem p = PodDiagnosis.firstProblem(List.of(pod)).orElseThrow();
        assertThat(p.reason()).isEqualTo("CrashLoopBackOff");
        assertThat(p.message()).isEqualTo("pod cam-cloud-1 container cloud CrashLoopBackOff: exited with 2: "
                + "/models/vit-base: no config.json (spec.model.path?)");
    }

    @Test
    void anUnschedulablePodSaysWhy() {
        Pod pod = new PodBuilder().withNewMetadata().withName("cam-cloud-1").endMetadata().withNewStatus()
                .withPhase("Pending").addNewCondition().withType("PodScheduled").withStatus("False")
                .withReason("Unschedulable").withMessage("0/3 nodes are available: 3 Insufficient nvidia.com/gpu.")
                .endCondition().endStatus().build();
        assertThat(PodDiagnosis.firstProblem(List.of(pod)).orElseThrow().message())
                .isEqualTo("pod cam-cloud-1 cannot be scheduled: 0/3 nodes are available: 3 Insufficient nvidia.com/gpu.");
    }

    @Test
    void startingPodsAreNoProblem() {
        Pod creating = new PodBuilder().withNewMetadata().withName("a").endMetadata().withNewStatus()
                .addNewContainerStatus().withName("edge").withNewState().withNewWaiting()
                .withReason("ContainerCreating").endWaiting().endState().endContainerStatus().endStatus().build();
        assertThat(PodDiagnosis.firstProblem(List.of(creating, new PodBuilder().withNewMetadata().withName("b")
                .endMetadata().build()))).isEmpty();
    }
}
