package io.janus.model;

import ai.djl.ndarray.NDArray;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** Top-k labels with softmax probabilities from logits. */
public final class Predictions {

    /** One class of a prediction. */
    public record Label(String name, int index, float probability) {}

    private Predictions() {
    }

    /** For each row of logits [B, classes], the k most probable labels, most probable first. */
    public static List<List<Label>> topK(NDArray logits, List<String> labelNames, int k) {
        int classes = (int) logits.getShape().get(1);
        float[] probs = logits.softmax(-1).toFloatArray();
        List<List<Label>> out = new ArrayList<>();
        for (int row = 0; row * classes < probs.length; row++) {
            out.add(topK(probs, row * classes, classes, labelNames, k));
        }
        return out;
    }

    /** The k most probable of {@code classes} probabilities starting at {@code offset}. */
    public static List<Label> topK(float[] probs, int offset, int classes, List<String> labelNames, int k) {
        List<Label> labels = new ArrayList<>(classes);
        for (int c = 0; c < classes; c++) {
            labels.add(new Label(labelNames.get(c), c, probs[offset + c]));
        }
        labels.sort(Comparator.comparingDouble((Label l) -> -l.probability()).thenComparingInt(Label::index));
        return List.copyOf(labels.subList(0, Math.min(k, classes)));
    }
}
