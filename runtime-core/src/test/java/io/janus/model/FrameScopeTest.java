package io.janus.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import io.janus.schedule.Schedule;
import io.janus.testing.ProjectFiles;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every array a frame creates belongs to the frame's sub-manager and is freed with it; the model's own manager holds
 * the weights and nothing else, however many frames run. An array left on the model's manager is native memory no
 * one frees: the edge lost about 150 kB per frame that way (issue 10).
 */
class FrameScopeTest {

    private static VitModel model;
    private static LabelledImages digits;
    private static int weights;

    @BeforeAll
    static void load() {
        model = VitModel.load(ProjectFiles.model());
        digits = LabelledImages.open(ProjectFiles.digits());
        weights = model.manager().getManagedArrays().size();
    }

    @AfterAll
    static void close() {
        model.close();
    }

    @Test
    void everyStageLeavesTheModelsManagerAsLoaded() {
        int depth = model.config().depth();
        for (Schedule schedule : List.of(Schedule.none(), Schedule.parse("exp:0.1"), Schedule.parse("const:16"))) {
            for (int split : new int[] {0, 1, 3, depth}) {
                for (int i = 0; i < 3; i++) {
                    try (NDManager frame = model.manager().newSubManager()) {
                        TokenState edge = model.blocks(model.embed(pixels(frame, i)), 0, split, schedule);
                        model.head(model.blocks(edge, split, depth, schedule));
                        model.forward(pixels(frame, i), schedule);
                    }
                    assertThat(model.manager().getManagedArrays().size()).as("arrays on the model's manager after a frame, %s split %d",
                            schedule, split).isEqualTo(weights);
                }
            }
        }
    }

    @Test
    void anArrayAttachedToTheModelsManagerIsRefused() {
        // The manager is capped after loading, so a stage that would leave an array there fails at once instead.
        assertThatThrownBy(() -> model.manager().create(new float[] {1f})).isInstanceOf(IllegalStateException.class);
        assertThat(model.manager().getManagedArrays().size()).isEqualTo(weights);
    }

    private static NDArray pixels(NDManager frame, int i) {
        return model.preprocessor().batch(frame, List.of(digits.image(i)));
    }
}
