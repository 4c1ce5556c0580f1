package io.janus.edge;

import static org.assertj.core.api.Assertions.assertThat;

import io.janus.plan.Decider;
import io.janus.plan.Decision;
import io.janus.plan.LinkEstimate;
import io.janus.plan.SchedulerConfig;
import io.janus.plan.TokenPayloadModel;
import io.janus.profile.LatencyProfile;
import io.janus.profile.ModelGeometry;
import io.janus.wire.TensorCodec;
import org.junit.jupiter.api.Test;

class SchedulerDeciderTest {

    private static final ModelGeometry TINY = ModelGeometry.VIT_TINY_MNIST;
    /** 1 ms embed, 12 blocks of 0.02 ms/token + 0.3 ms, 0.1 ms head: 50.7 ms without merging. */
    private static final LatencyProfile EDGE = LatencyProfile.synthetic(TINY, "edge", 1.0, 0.02, 0.3, 0.1);

    @Test
    void followsTheBandwidthEstimate() {
        LatencyProfile cloud = LatencyProfile.synthetic(TINY, "cloud", 0.2, 0.002, 0.1, 0.05);
        SchedulerDecider decider = decider();
        decider.useCloudProfile(cloud);
        Decision fast = decider.decide(new LinkEstimate(1000, 1, 100));
        Decision slow = decider.decide(new LinkEstimate(0.05, 1, 100));
        assertThat(fast.codec()).isEqualTo(TensorCodec.FP16);
        assertThat(fast.splitPoint()).as("a fast link ships the frame or early tokens").isLessThan(slow.splitPoint());
        assertThat(slow.splitPoint()).as("a very slow link keeps the frame on the device").isEqualTo(TINY.depth() + 1);
        assertThat(decider.minLatencyMs(new LinkEstimate(1000, 1, 100))).isPositive()
                .isLessThan(decider.minLatencyMs(new LinkEstimate(0.05, 1, 100)) + 1e-9);
        SchedulerDecider again = decider();
        again.useCloudProfile(cloud);
        assertThat(fast).isEqualTo(again.decide(new LinkEstimate(1000, 1, 100)));
    }

    private static SchedulerDecider decider() {
        return new SchedulerDecider(EDGE, SchedulerConfig.defaults(TINY),
                new TokenPayloadModel(TensorCodec.FP16, TINY.dim(), 784));
    }

    @Test
    void decidesDeviceOnlyFromTheEdgeProfileUntilTheCloudProfileArrives() {
        SchedulerDecider decider = decider();
        LinkEstimate fastLink = new LinkEstimate(1000, 1, 100);
        Decision before = decider.decide(fastLink);
        assertThat(before.splitPoint()).as("without the cloud's profile only device-only is predictable").isEqualTo(TINY.depth() + 1);
        assertThat(before.schedule().decliningRate()).as("the SLA is met without merging").isEqualTo(0.0);
        assertThat(before.predictedMs()).isCloseTo(1.0 + 12 * (0.02 * 197 + 0.3) + 0.1, org.assertj.core.data.Offset.offset(1e-9));
        Decision tight = decider.decide(new LinkEstimate(1000, 1, 40));
        assertThat(tight.splitPoint()).isEqualTo(TINY.depth() + 1);
        assertThat(tight.schedule().decliningRate()).as("a tighter SLA needs merging on the device").isPositive();
        assertThat(tight.predictedMs()).isLessThanOrEqualTo(40);
        assertThat(decider.cloudProfile()).isNull();

        decider.useCloudProfile(LatencyProfile.synthetic(TINY, "cloud", 0.2, 0.002, 0.1, 0.05));
        assertThat(decider.decide(fastLink).splitPoint()).as("a fast link and a fast cloud: offload").isLessThan(TINY.depth() + 1);
        assertThat(decider.cloudProfile()).isNotNull();
        assertThat(decider.needsCloudProfile()).as("a cloud that comes back is asked again").isTrue();
    }

    @Test
    void aFrameTheCloudWillNotFinishGetsTheDevicePlanForTheTimeLeft() {
        SchedulerDecider decider = decider();
        decider.useCloudProfile(LatencyProfile.synthetic(TINY, "cloud", 0.2, 0.002, 0.1, 0.05));
        Decision roomy = decider.onDevice(1, 100);
        assertThat(roomy.splitPoint()).isEqualTo(TINY.depth() + 1);
        assertThat(roomy.schedule().decliningRate()).as("50.7 ms unmerged fits 100 ms").isEqualTo(0.0);
        Decision tight = decider.onDevice(1, 40);
        assertThat(tight.splitPoint()).isEqualTo(TINY.depth() + 1);
        assertThat(tight.schedule().decliningRate()).as("40 ms left needs merging").isPositive();
        assertThat(tight.predictedMs()).isLessThanOrEqualTo(40);
        Decision late = decider.onDevice(1, -500);
        assertThat(late.predictedMs()).as("no time left: the fastest plan")
                .isEqualTo(decider.onDevice(1, 1).predictedMs()).isLessThanOrEqualTo(tight.predictedMs());
        assertThat(Decider.fixed(roomy).onDevice(1, 40)).as("a fixed decision keeps its schedule").isNull();
    }

    @Test
    void aPinnedCloudProfileIsNotFetched() {
        SchedulerDecider decider = decider();
        LatencyProfile cloud = LatencyProfile.synthetic(TINY, "cloud", 0.2, 0.002, 0.1, 0.05);
        decider.pinCloudProfile(cloud);
        assertThat(decider.needsCloudProfile()).isFalse();
        assertThat(decider.cloudProfile()).isEqualTo(cloud);
    }

    @Test
    void refusesACloudProfileOfAnotherModel() {
        LatencyProfile other = new LatencyProfile(LatencyProfile.FORMAT, new LatencyProfile.ProfiledModel("0123abcd", TINY),
                "other", 1, "1970-01-01T00:00:00Z", null, new LatencyProfile.Method(0, 0), 1, 1, EDGE.blocks());
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> decider().useCloudProfile(other))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("0123abcd");
    }

    @Test
    void aDeviceSlowerThanItsProfilePlansWithWhatItsFramesMeasure() {
        // 50.7 ms unmerged by the profile fits the 60 ms SLA; frames measure 30% more (66 ms), which does not.
        SchedulerDecider decider = decider();
        LinkEstimate noLink = new LinkEstimate(0, 1, 60);
        Decision planned = decider.decide(noLink);
        assertThat(planned.schedule().decliningRate()).isEqualTo(0.0);
        for (int frame = 0; frame < 50; frame++) {
            Decision run = decider.decide(noLink);
            decider.edgeMeasured(run, 1.3 * run.edgeMs() / decider.edgeCalibration());
        }
        assertThat(decider.edgeCalibration()).isCloseTo(1.3, org.assertj.core.data.Offset.offset(0.07));
        Decision calibrated = decider.decide(noLink);
        assertThat(calibrated.schedule().decliningRate()).as("merging now needed to meet the SLA").isPositive();
        assertThat(calibrated.predictedMs()).isLessThanOrEqualTo(60);
        assertThat(decider.onDevice(1, 60).schedule()).as("the fallback plan is calibrated too").isEqualTo(calibrated.schedule());
    }

    @Test
    void aCloudSlowerThanItsProfilePlansWithWhatItsRepliesReport() {
        // Cloud-only unmerged: about 26 ms of cloud compute by its profile, within the 30 ms SLA on a fast link;
        // the cloud's replies report 50% more (39 ms), which is not.
        SchedulerDecider decider = decider();
        decider.useCloudProfile(LatencyProfile.synthetic(TINY, "cloud", 0.5, 0.01, 0.15, 0.05));
        LinkEstimate fast = new LinkEstimate(1000, 1, 30);
        Decision planned = decider.decide(fast);
        assertThat(planned.splitPoint()).isZero();
        assertThat(planned.alpha()).isEqualTo(0.0);
        for (int frame = 0; frame < 50; frame++) {
            Decision run = decider.decide(fast);
            decider.cloudMeasured(run, 1.5 * run.cloudMs() / decider.cloudCalibration());
        }
        assertThat(decider.cloudCalibration()).isCloseTo(1.5, org.assertj.core.data.Offset.offset(0.08));
        assertThat(decider.edgeCalibration()).as("the edge's own calibration untouched").isEqualTo(1.0);
        Decision calibrated = decider.decide(fast);
        assertThat(calibrated.sameChoice(planned)).as("the unmerged cloud-only plan no longer fits").isFalse();
        assertThat(calibrated.predictedMs()).isLessThanOrEqualTo(30);
    }
}
