package io.janus.edge;

import static org.assertj.core.api.Assertions.assertThat;

import io.janus.plan.Scheduler;
import io.janus.plan.SchedulerConfig;
import io.janus.plan.TokenPayloadModel;
import io.janus.profile.LatencyProfile;
import io.janus.profile.ModelGeometry;
import io.janus.wire.TensorCodec;
import org.junit.jupiter.api.Test;

class SchedulerDeciderTest {

    private static final ModelGeometry TINY = ModelGeometry.VIT_TINY_MNIST;

    @Test
    void followsTheBandwidthEstimate() {
        LatencyProfile edge = LatencyProfile.synthetic(TINY, "edge", 1.0, 0.02, 0.3, 0.1);
        LatencyProfile cloud = LatencyProfile.synthetic(TINY, "cloud", 0.2, 0.002, 0.1, 0.05);
        Scheduler scheduler = new Scheduler(edge, cloud, SchedulerConfig.defaults(TINY),
                new TokenPayloadModel(TokenPayloadModel.Codec.FP16, TINY.dim(), 784));
        Decider decider = new SchedulerDecider(scheduler, TensorCodec.FP16);
        Decision fast = decider.decide(new LinkEstimate(1000, 1, 100));
        Decision slow = decider.decide(new LinkEstimate(0.05, 1, 100));
        assertThat(fast.codec()).isEqualTo(TensorCodec.FP16);
        assertThat(fast.splitPoint()).as("a fast link ships the frame or early tokens").isLessThan(slow.splitPoint());
        assertThat(slow.splitPoint()).as("a very slow link keeps the frame on the device").isEqualTo(TINY.depth() + 1);
        assertThat(decider.minLatencyMs(new LinkEstimate(1000, 1, 100))).isPositive()
                .isLessThan(decider.minLatencyMs(new LinkEstimate(0.05, 1, 100)) + 1e-9);
        assertThat(fast).isEqualTo(new SchedulerDecider(scheduler, TensorCodec.FP16).decide(new LinkEstimate(1000, 1, 100)));
    }
}
