package io.janus.check;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import io.janus.model.LabelledImages;
import io.janus.model.RawImage;
import io.janus.model.VitModel;
import io.janus.schedule.Schedule;
import java.util.ArrayList;
import java.util.List;

/** Top-1 accuracy of a model under a schedule on a labelled image set. */
public final class Accuracy {

    /** Images per engine call: large enough to keep the matmuls efficient, small enough for modest memory. */
    public static final int BATCH = 50;

    /** @param correct top-1 hits, @param total images seen */
    public record Result(int correct, int total) {
        public double accuracy() {
            return total == 0 ? Double.NaN : (double) correct / total;
        }
    }

    private Accuracy() {
    }

    public static Result evaluate(VitModel model, LabelledImages data, Schedule schedule, int limit) {
        int n = Math.min(limit, data.size());
        int correct = 0;
        for (int start = 0; start < n; start += BATCH) {
            int end = Math.min(n, start + BATCH);
            List<RawImage> images = new ArrayList<>();
            for (int i = start; i < end; i++) {
                images.add(data.image(i));
            }
            try (NDManager frame = model.manager().newSubManager()) {
                NDArray logits = model.forward(model.preprocessor().batch(frame, images), schedule);
                long[] predicted = logits.argMax(1).toLongArray();
                for (int i = start; i < end; i++) {
                    correct += predicted[i - start] == data.label(i) ? 1 : 0;
                }
            }
        }
        return new Result(correct, n);
    }
}
