package io.janus.bench;

import ai.djl.ndarray.NDManager;
import io.janus.edge.CloudClient;
import io.janus.model.RawImage;
import io.janus.model.TokenState;
import io.janus.model.VitModel;
import io.janus.plan.Decision;
import io.janus.schedule.Schedule;
import io.janus.wire.TensorCodec;
import io.janus.wire.TokenPayloads;
import io.janus.wire.TransportSecurity;
import io.janus.wire.v1.FinishReply;
import io.janus.wire.v1.FinishRequest;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;

/**
 * Warms the gRPC path of the benchmarks that time it: requests back to back until both JVMs run it JIT-compiled, so
 * that what is measured next is the steady state's cost, not a fresh JVM's.
 */
final class CloudWarmUp {

    /** The cost of the first calls kept, to report how cold the path was. */
    private static final int FIRST_CALLS = 100;

    private CloudWarmUp() {
    }

    /** Every block on the edge and no merging: the cloud gets the full token set as fp16 and runs only the head. */
    static Decision fullStateFp16(VitModel model) {
        return new Decision(Schedule.none(), model.config().depth(), TensorCodec.FP16);
    }

    /**
     * Sends {@code calls} (at least {@value #FIRST_CALLS}) requests shaped like {@code d}'s for {@code image} to the cloud
     * at {@code host:port}; returns the cost (encode + gRPC + decode, without the cloud's compute) of the first
     * {@value #FIRST_CALLS}, sorted.
     */
    static double[] warm(VitModel model, String host, int port, Decision d, RawImage image, int calls) {
        double[] first = new double[FIRST_CALLS];
        int[] removals = model.removals(d.schedule());
        try (CloudClient cloud = CloudClient.connect(host + ":" + port, TransportSecurity.plaintext());
             NDManager frame = model.manager().newSubManager()) {
            TokenState state = model.blocks(model.embed(model.preprocessor().batch(frame, List.of(image))), 0, d.splitPoint(), removals);
            FinishRequest.Builder request = FinishRequest.newBuilder().setModelDigest(model.digest().hex()).setSplitPoint(d.splitPoint())
                    .addAllMerged(Arrays.stream(removals).boxed().toList()).setSchedule(d.schedule().toString());
            for (int i = 0; i < Math.max(calls, first.length); i++) {
                long t0 = System.nanoTime();
                FinishReply reply = cloud.finish(request.setFrameId(i).setTokens(TokenPayloads.encode(state, d.codec())).build(),
                        Duration.ofSeconds(30));
                if (i < first.length) {
                    first[i] = (System.nanoTime() - t0) / 1e6 - reply.getCloudComputeMicros() / 1e3;
                }
            }
        }
        Arrays.sort(first);
        return first;
    }
}
