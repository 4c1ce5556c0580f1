package io.janus.edge;

import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.InsecureServerCredentials;
import io.grpc.Server;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import io.janus.model.VitModel;
import io.janus.plan.Decider;
import io.janus.plan.Decision;
import io.janus.plan.Mode;
import io.janus.schedule.Schedule;
import io.janus.testing.Digits;
import io.janus.testing.ProjectFiles;
import io.janus.wire.TensorCodec;
import io.janus.wire.v1.FinishReply;
import io.janus.wire.v1.FinishRequest;
import io.janus.wire.v1.SplitInferenceGrpc;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** A cloud that refuses for overload: the edge finishes each such frame on the device at once, and keeps asking. */
class OverloadedCloudTest {

    @Test
    void resourceExhaustedFinishesOnTheDeviceWithoutOpeningTheBreaker() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        Server busy = Grpc.newServerBuilderForPort(0, InsecureServerCredentials.create())
                .addService(new SplitInferenceGrpc.SplitInferenceImplBase() {
                    @Override
                    public void finish(FinishRequest request, StreamObserver<FinishReply> out) {
                        calls.incrementAndGet();
                        out.onError(Status.RESOURCE_EXHAUSTED.withDescription("cloud busy, refused at admission (queue_full)")
                                .asRuntimeException());
                    }
                }).build().start();
        try (VitModel model = VitModel.load(ProjectFiles.model());
             EdgeRuntime edge = new EdgeRuntime(model, new CloudClient("busy", Grpc.newChannelBuilder("127.0.0.1:" + busy.getPort(),
                     InsecureChannelCredentials.create()).build()), Decider.fixed(new Decision(Schedule.parse("exp:0.1"), 3,
                     TensorCodec.FP16)), EdgeOptions.defaults(5_000), new PrometheusRegistry())) {
            for (int i = 0; i < 10; i++) {
                FrameResult r = edge.process(Digits.get(i));
                assertThat(r.mode()).isEqualTo(Mode.DEVICE_ONLY);
                assertThat(r.fallbackReason()).as("frame " + i).isEqualTo("RESOURCE_EXHAUSTED");
                assertThat(r.labels()).isNotEmpty();
            }
            assertThat(calls.get()).as("every frame still tried the cloud: overload is not an outage").isEqualTo(10);
        } finally {
            busy.shutdownNow();
        }
    }
}
