package io.janus.model;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import io.janus.schedule.Schedule;
import io.janus.testing.ProjectFiles;
import io.janus.testing.ShippedModel;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Blocks [0, k) then [k, L) compute what [0, L) computes, for any k and schedule: the edge/cloud split is exact. */
@ExtendWith(ShippedModel.class)
class SplitEquivalenceTest {

    private static VitModel model;

    @BeforeAll
    static void load(VitModel shipped) {
        model = shipped;
    }

    @Test
    void anySplitOfAnyScheduleEqualsTheWholeForward() {
        LabelledImages digits = LabelledImages.open(ProjectFiles.digits());
        Random rnd = new Random(42);
        int depth = model.config().depth();
        for (int trial = 0; trial < 8; trial++) {
            Schedule schedule = switch (trial % 4) {
                case 0 -> Schedule.none();
                case 1 -> Schedule.exponential(0.01 * rnd.nextInt(50));
                case 2 -> Schedule.constant(rnd.nextInt(17));
                default -> Schedule.list(IntStream.range(0, depth).map(i -> rnd.nextInt(20)).toArray());
            };
            int split = rnd.nextInt(depth + 1);
            List<RawImage> images = IntStream.range(0, 3).mapToObj(i -> digits.image(rnd.nextInt(digits.size()))).toList();
            try (NDManager frame = model.manager().newSubManager()) {
                NDArray pixels = model.preprocessor().batch(frame, images);
                float[] whole = model.forward(pixels, schedule).toFloatArray();
                TokenState edge = model.blocks(model.embed(pixels), 0, split, schedule);
                TokenState shipped = new TokenState(frame.create(edge.tokens().toFloatArray(), edge.tokens().getShape()),
                        frame.create(edge.sizes().toFloatArray(), edge.sizes().getShape()));
                float[] split2 = model.head(model.blocks(shipped, split, depth, schedule)).toFloatArray();
                assertThat(split2).as("%s split at %d", schedule, split).containsExactly(whole);
            }
        }
    }

    @Test
    void tokenCountsAfterEachBlockFollowTheSchedule() {
        Schedule schedule = Schedule.parse("exp:0.25");
        int[] expected = schedule.tokenCounts(model.config().patchTokens(), model.config().prefixTokens(), model.config().depth());
        LabelledImages digits = LabelledImages.open(ProjectFiles.digits());
        try (NDManager frame = model.manager().newSubManager()) {
            TokenState s = model.embed(model.preprocessor().batch(frame, List.of(digits.image(0))));
            for (int l = 0; l < model.config().depth(); l++) {
                s = model.blocks(s, l, l + 1, schedule);
                assertThat(s.tokenCount()).isEqualTo(expected[l + 1]);
                assertThat(s.sizes().sum().getFloat()).as("sizes add up to the patches and class token").isEqualTo(197f);
            }
        }
    }
}
