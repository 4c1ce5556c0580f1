package io.janus.cloud;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDManager;
import com.google.protobuf.ByteString;
import io.janus.model.RawImage;
import io.janus.model.TokenState;
import io.janus.model.VitModel;
import io.janus.schedule.Schedule;
import io.janus.testing.Digits;
import io.janus.testing.ShippedModel;
import io.janus.wire.FrameCodec;
import io.janus.wire.InvalidPayloadException;
import io.janus.wire.TensorCodec;
import io.janus.wire.TokenPayloads;
import io.janus.wire.v1.FinishReply;
import io.janus.wire.v1.FinishRequest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** A batch through the engine gives every frame what it gets alone, and a bad payload fails alone. */
@ExtendWith(ShippedModel.class)
class BatchedFinishTest {

    private static VitModel model;
    private static CloudEngine engine;

    @BeforeAll
    static void load(VitModel shipped) {
        model = shipped;
        engine = new CloudEngine(model);
    }

    private static RawImage digit(int i) {
        return Digits.get(i);
    }

    private static FinishRequest request(int i, int split, Schedule schedule, TensorCodec codec) {
        int[] removals = model.removals(schedule);
        FinishRequest.Builder b = FinishRequest.newBuilder().setModelDigest(model.digest().hex()).setFrameId(i).setSplitPoint(split)
                .addAllMerged(Arrays.stream(removals).boxed().toList()).setTopK(10).setReturnLogits(true);
        if (split == 0) {
            return b.setFrame(FrameCodec.lossless().encode(28, 28, 1, digit(i).pixels())).build();
        }
        try (NDManager m = model.manager().newSubManager()) {
            TokenState s = model.blocks(model.embed(model.preprocessor().batch(m, List.of(digit(i)))), 0, split, removals);
            return b.setTokens(TokenPayloads.encode(s, codec)).build();
        }
    }

    @Test
    void batchedResultsEqualUnbatchedOnesAtEverySplitPoint() {
        double worst = 0;
        for (String spec : List.of("none", "exp:0.1", "exp:0.25")) {
            for (int split : new int[] {0, 1, 6, 12}) {
                List<FinishRequest> requests = new ArrayList<>();
                for (int i = 0; i < 6; i++) {
                    requests.add(request(i, split, Schedule.parse(spec), i % 2 == 0 ? TensorCodec.FP32 : TensorCodec.FP16));
                }
                List<RequestValidator.Work> works = requests.stream().map(engine::check).toList();
                assertThat(works.stream().map(BatchKey::of).distinct()).as("one shape").hasSize(1);
                List<CloudEngine.Outcome> batched = engine.finishBatch(requests, works);
                for (int i = 0; i < requests.size(); i++) {
                    FinishReply alone = engine.finish(requests.get(i));
                    FinishReply together = batched.get(i).reply();
                    String what = spec + " split " + split + " frame " + i;
                    assertThat(together.getFrameId()).isEqualTo(i);
                    assertThat(together.getBatchSize()).isEqualTo(6);
                    assertThat(together.getLabelsList().stream().map(l -> l.getIndex()).toList()).as(what)
                            .isEqualTo(alone.getLabelsList().stream().map(l -> l.getIndex()).toList());
                    for (int k = 0; k < alone.getLogitsCount(); k++) {
                        worst = Math.max(worst, Math.abs(alone.getLogits(k) - together.getLogits(k)));
                    }
                }
            }
        }
        System.out.printf("largest logit difference batched vs alone: %.3g%n", worst);
        assertThat(worst).as("fp32 tolerance of a different GEMM blocking").isLessThanOrEqualTo(1e-5);
    }

    @Test
    void aBadPayloadInABatchFailsAloneAndTheOthersAreAnswered() {
        FinishRequest good = request(0, 3, Schedule.parse("exp:0.1"), TensorCodec.FP16);
        var tokens = good.getTokens().getTokens();
        FinishRequest bad = good.toBuilder().setFrameId(99).setTokens(good.getTokens().toBuilder()
                .setTokens(tokens.toBuilder().setData(ByteString.copyFrom(new byte[] {0, 0x7e}).concat(tokens.getData().substring(2)))))
                .build();
        List<FinishRequest> requests = List.of(good, bad, good.toBuilder().setFrameId(7).build());
        List<CloudEngine.Outcome> out = engine.finishBatch(requests, requests.stream().map(engine::check).toList());
        assertThat(out.get(0).reply().getLabelsCount()).isEqualTo(10);
        assertThat(out.get(1).error()).isInstanceOf(InvalidPayloadException.class).hasMessageContaining("must be finite");
        assertThat(out.get(2).reply().getFrameId()).isEqualTo(7);
        assertThat(out.get(2).reply().getBatchSize()).isEqualTo(2);
    }
}
