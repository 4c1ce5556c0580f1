package io.janus.edge;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDManager;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.InsecureServerCredentials;
import io.grpc.Server;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import io.janus.model.VitModel;
import io.janus.plan.Decider;
import io.janus.plan.Decision;
import io.janus.plan.LinkEstimate;
import io.janus.plan.Mode;
import io.janus.schedule.Schedule;
import io.janus.testing.Digits;
import io.janus.testing.ProjectFiles;
import io.janus.wire.TensorCodec;
import io.janus.wire.v1.FinishReply;
import io.janus.wire.v1.FinishRequest;
import io.janus.wire.v1.SplitInferenceGrpc;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A frame planned for the cloud that the cloud does not finish runs on the device under the decider's device-only
 * plan for the time left, not under the plan made for the cloud (a cloud-only frame at α = 0 is the slowest thing a
 * slow device can run).
 */
class DeviceFallbackPlanTest {

    private static final Decision CLOUD_ONLY_UNMERGED = new Decision(Schedule.none(), 0, TensorCodec.FP16);
    private static final Schedule LOCAL = Schedule.parse("exp:0.25");

    @Test
    void aWholeFrameTheCloudRefusedAndFramesWhileTheBreakerIsOpenRunUnderTheDevicePlan() throws Exception {
        Server down = Grpc.newServerBuilderForPort(0, InsecureServerCredentials.create())
                .addService(new SplitInferenceGrpc.SplitInferenceImplBase() {
                    @Override
                    public void finish(FinishRequest request, StreamObserver<FinishReply> out) {
                        out.onError(Status.UNAVAILABLE.withDescription("cloud going away").asRuntimeException());
                    }
                }).build().start();
        try (VitModel model = VitModel.load(ProjectFiles.model());
             EdgeRuntime edge = new EdgeRuntime(model, new CloudClient("down", Grpc.newChannelBuilder("127.0.0.1:" + down.getPort(),
                     InsecureChannelCredentials.create()).build()), cloudPlanner(model.config().depth()),
                     new EdgeOptions(5_000, io.janus.wire.FrameCodec.lossless(), null, 1.0, 5, 10, 5, 2, Duration.ofSeconds(60)),
                     new PrometheusRegistry())) {
            for (int i = 0; i < 4; i++) {
                FrameResult r = edge.process(Digits.get(i));
                assertThat(r.mode()).isEqualTo(Mode.DEVICE_ONLY);
                assertThat(r.plannedSplit()).as("frame %d was planned for the cloud", i).isZero();
                assertThat(r.fallbackReason()).isEqualTo(i < 2 ? "UNAVAILABLE" : "breaker-open");
                assertThat(r.schedule()).as("frame %d ran under the device plan", i).isEqualTo(LOCAL.toString());
                assertThat(r.top1()).isEqualTo(localTop1(model, i));
            }
        } finally {
            down.shutdownNow();
        }
    }

    /** Plans every frame for the cloud, unmerged; its device-only plan merges. */
    private static Decider cloudPlanner(int depth) {
        return new Decider() {
            @Override
            public Decision decide(LinkEstimate link) {
                return CLOUD_ONLY_UNMERGED;
            }

            @Override
            public Decision onDevice(double rttMs, double budgetMs) {
                return new Decision(LOCAL, depth + 1, TensorCodec.FP16);
            }
        };
    }

    private static int localTop1(VitModel model, int digit) {
        try (NDManager m = model.manager().newSubManager()) {
            return (int) model.forward(model.preprocessor().batch(m, List.of(Digits.get(digit))), LOCAL).argMax(1).getLong(0);
        }
    }
}
