package io.janus.edge;

import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.Status;
import io.janus.plan.Choice;
import io.janus.plan.Decision;
import io.janus.plan.TokenPayloadModel;
import io.janus.profile.LatencyProfile;
import io.janus.profile.ModelGeometry;
import io.janus.schedule.Schedule;
import io.janus.wire.TensorCodec;
import org.junit.jupiter.api.Test;

class OutageEvidenceTest {

    private static final ModelGeometry TINY = ModelGeometry.VIT_TINY_MNIST;
    private static final LatencyProfile PROFILE = LatencyProfile.synthetic(TINY, "cloud", 1.0, 0.02, 0.3, 0.1);

    /** Cloud-only, predicted about 51 ms of cloud + 40 ms RTT + the frame's transfer: about 92 ms of call. */
    private static Decision cloudOnly() {
        Choice c = Choice.of(Schedule.none(), 0, 0, PROFILE, PROFILE, new TokenPayloadModel(TensorCodec.FP16, TINY.dim(), 784),
                Double.NaN);
        return Decision.of(c, TensorCodec.FP16, 100, 40, 100);
    }

    @Test
    void aDeadlineMissedByAPlanAtTheSlasEdgeIsALateCallNotADownLink() {
        Decision run = cloudOnly();
        double callMs = run.transferMs() + run.networkRttMs() + run.cloudMs();
        assertThat(EdgeRuntime.linkLikelyDown(Status.Code.DEADLINE_EXCEEDED, run, 1.1 * callMs)).isFalse();
        assertThat(EdgeRuntime.linkLikelyDown(Status.Code.DEADLINE_EXCEEDED, run, 2.5 * callMs))
                .as("twice the predicted time and still no answer").isTrue();
    }

    @Test
    void aLostConnectionOrAnUnpredictedDecisionTimingOutIsTakenAsAnOutageAndARefusalNever() {
        Decision run = cloudOnly();
        assertThat(EdgeRuntime.linkLikelyDown(Status.Code.UNAVAILABLE, run, 1)).isTrue();
        Decision fixed = new Decision(Schedule.none(), 0, TensorCodec.FP16);
        assertThat(EdgeRuntime.linkLikelyDown(Status.Code.DEADLINE_EXCEEDED, fixed, 1)).isTrue();
        assertThat(EdgeRuntime.linkLikelyDown(Status.Code.RESOURCE_EXHAUSTED, run, 1000)).as("an overloaded cloud").isFalse();
    }

    @Test
    void aLateCallTellsTheCloudsCalibrationTheLeastItTook() {
        Decision run = cloudOnly();
        double planned = run.transferMs() + run.networkRttMs() + run.cloudMs();
        assertThat(run.cloudAtLeastMs(planned + 10)).as("waited 10 ms beyond the plan")
                .isCloseTo(run.cloudMs() + 10, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(run.cloudAtLeastMs(planned - 5)).as("no more than predicted: nothing learnt").isZero();
        assertThat(new Decision(Schedule.none(), 0, TensorCodec.FP16).cloudAtLeastMs(500))
                .as("a fixed decision predicts nothing").isZero();
    }
}
