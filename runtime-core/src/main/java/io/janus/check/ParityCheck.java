package io.janus.check;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.janus.merge.BipartiteSoftMatching;
import io.janus.merge.MergePlan;
import io.janus.model.NativeArrays;
import io.janus.model.RawImage;
import io.janus.model.Safetensors;
import io.janus.model.TokenState;
import io.janus.model.VitModel;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Runs a model against a {@link ReferenceFile}: preprocessing, embedding, one merge step, and for every schedule the
 * full forward and the split path (blocks up to the split, then the rest from the stored split state).
 */
public final class ParityCheck {

    /**
     * One compared quantity.
     *
     * @param name       what was compared, e.g. {@code exp0.25 split6}
     * @param tokens     token count produced (−1 when not applicable)
     * @param expectedTokens token count of the reference
     * @param maxAbsDiff largest |Δ| over the compared values
     * @param detail     extra information for the line
     */
    public record Result(String name, int tokens, int expectedTokens, double maxAbsDiff, String detail) {
        public boolean passes(double tolerance) {
            return tokens == expectedTokens && maxAbsDiff <= tolerance;
        }

        public String line(double tolerance) {
            String count = tokens < 0 ? "" : "tokens " + tokens + (tokens == expectedTokens ? "" : " (expected " + expectedTokens + ")");
            return String.format(Locale.ROOT, "%-20s %-26s max|Δ| %.2e  %s  %s",
                    name, count, maxAbsDiff, passes(tolerance) ? "ok  " : "FAIL", detail);
        }
    }

    private final VitModel model;
    private final ReferenceFile ref;

    public ParityCheck(VitModel model, ReferenceFile ref) {
        this.model = model;
        this.ref = ref;
    }

    public List<Result> run() {
        List<Result> results = new ArrayList<>();
        try (NDManager m = model.manager().newSubManager()) {
            NDArray input = array(m, "input");
            if (ref.has("input_u8")) {
                results.add(preprocessing(m, input));
            }
            if (ref.has("embed")) {
                TokenState embedded = model.embed(input);
                results.add(compare("embed", embedded.tokens(), array(m, "embed"), ""));
            }
            if (ref.merge1R() > 0 && ref.has("merge1.metric")) {
                results.add(mergeStep());
            }
            for (ReferenceFile.Case c : ref.cases()) {
                results.addAll(schedule(m, input, c));
            }
        }
        return results;
    }

    private Result preprocessing(NDManager m, NDArray expected) {
        Safetensors.Tensor t = ref.tensors().tensor("input_u8");
        byte[] u8 = ref.tensors().uint8("input_u8");
        int n = (int) t.shape()[0];
        int h = (int) t.shape()[1];
        int w = (int) t.shape()[2];
        int c = t.shape().length == 4 ? (int) t.shape()[3] : 1;
        List<RawImage> images = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            images.add(new RawImage(h, w, c, Arrays.copyOfRange(u8, i * h * w * c, (i + 1) * h * w * c)));
        }
        return compare("preprocess", model.preprocessor().batch(m, images), expected, "");
    }

    private Result mergeStep() {
        Safetensors st = ref.tensors();
        long[] shape = st.tensor("merge1.x_in").shape();
        int n = (int) shape[0];
        int t = (int) shape[1];
        int dim = (int) shape[2];
        int metricDim = (int) st.tensor("merge1.metric").shape()[2];
        float[] metric = st.floats("merge1.metric");
        float[] x = st.floats("merge1.x_in");
        float[] ones = new float[n * t];
        Arrays.fill(ones, 1f);
        int out = t - BipartiteSoftMatching.cappedR(ref.merge1R(), t, model.config().prefixTokens());
        float[] xOut = new float[n * out * dim];
        float[] sizeOut = new float[n * out];
        for (int i = 0; i < n; i++) {
            float[] scores = cosineScores(metric, i * t * metricDim, t, metricDim);
            MergePlan plan = BipartiteSoftMatching.plan(scores, 0, t, ref.merge1R(), model.config().prefixTokens());
            plan.mergeWeighted(x, i * t * dim, ones, i * t, dim, xOut, i * out * dim, sizeOut, i * out);
        }
        int expected = (int) st.tensor("merge1.x_out").shape()[1];
        double diff = Math.max(maxAbsDiff(xOut, st.floats("merge1.x_out")), maxAbsDiff(sizeOut, st.floats("merge1.size_out")));
        return new Result("merge1 r=" + ref.merge1R(), out, expected, diff, "tokens and sizes");
    }

    /** Cosine similarities [T, T] of the metric's rows, in float64 for a stable reference. */
    private static float[] cosineScores(float[] metric, int offset, int t, int d) {
        double[] norms = new double[t];
        for (int i = 0; i < t; i++) {
            double s = 0;
            for (int k = 0; k < d; k++) {
                double v = metric[offset + i * d + k];
                s += v * v;
            }
            norms[i] = Math.sqrt(s);
        }
        float[] scores = new float[t * t];
        for (int i = 0; i < t; i++) {
            for (int j = 0; j < t; j++) {
                double s = 0;
                for (int k = 0; k < d; k++) {
                    s += (double) metric[offset + i * d + k] * metric[offset + j * d + k];
                }
                scores[i * t + j] = (float) (s / (norms[i] * norms[j]));
            }
        }
        return scores;
    }

    private List<Result> schedule(NDManager m, NDArray input, ReferenceFile.Case c) {
        List<Result> results = new ArrayList<>();
        int depth = model.config().depth();
        int[] removals = Arrays.copyOf(c.removals(), depth);
        try (NDManager scope = m.newSubManager()) {
            NDArray x = input.duplicate();
            x.attach(scope);
            TokenState s = model.blocks(model.embed(x), 0, depth, removals);
            results.add(compare(c.name() + " full", model.head(s), array(scope, c.name() + ".logits"), s.tokenCount(),
                    c.tokens()[depth], "logits"));
        }
        for (int split : ref.splits()) {
            String key = c.name() + ".split" + split;
            if (!ref.has(key + ".x")) {
                continue;
            }
            try (NDManager scope = m.newSubManager()) {
                NDArray x = input.duplicate();
                x.attach(scope);
                TokenState edge = model.blocks(model.embed(x), 0, split, removals);
                NDArray refX = array(scope, key + ".x");
                NDArray refSize = array(scope, key + ".size");
                int expected = c.tokens()[split];
                double diff = sameShape(edge.tokens(), refX) && sameShape(edge.sizes(), refSize)
                        ? Math.max(maxAbsDiff(edge.tokens(), refX), maxAbsDiff(edge.sizes(), refSize)) : Double.POSITIVE_INFINITY;
                results.add(new Result(key + " edge", edge.tokenCount(), expected, diff, "tokens and sizes after block " + split));
                TokenState cloud = model.blocks(new TokenState(refX, refSize), split, depth, removals);
                results.add(compare(key + " cloud", model.head(cloud), array(scope, key + ".logits"), cloud.tokenCount(),
                        c.tokens()[depth], "logits from the stored split state"));
            }
        }
        return results;
    }

    private NDArray array(NDManager m, String name) {
        Safetensors.Tensor t = ref.tensors().tensor(name);
        return NativeArrays.floats(m, ref.tensors().floats(name), new Shape(t.shape()));
    }

    private static Result compare(String name, NDArray actual, NDArray expected, String detail) {
        return compare(name, actual, expected, -1, -1, detail);
    }

    private static Result compare(String name, NDArray actual, NDArray expected, int tokens, int expectedTokens, String detail) {
        double diff = sameShape(actual, expected) ? maxAbsDiff(actual, expected) : Double.POSITIVE_INFINITY;
        String top1 = "";
        if (detail.startsWith("logits") && diff < Double.POSITIVE_INFINITY) {
            long agree = actual.argMax(1).eq(expected.argMax(1)).sum().getLong();
            top1 = ", top-1 " + agree + "/" + actual.getShape().get(0);
        }
        String shapeNote = sameShape(actual, expected) ? "" : " shape " + actual.getShape() + " vs " + expected.getShape();
        return new Result(name, tokens, expectedTokens, diff, detail + top1 + shapeNote);
    }

    private static boolean sameShape(NDArray a, NDArray b) {
        return a.getShape().equals(b.getShape());
    }

    private static double maxAbsDiff(NDArray a, NDArray b) {
        return maxAbsDiff(a.toFloatArray(), b.toFloatArray());
    }

    private static double maxAbsDiff(float[] a, float[] b) {
        if (a.length != b.length) {
            return Double.POSITIVE_INFINITY;
        }
        double max = 0;
        for (int i = 0; i < a.length; i++) {
            double d = Math.abs((double) a[i] - b[i]);
            if (!(d <= max)) {
                max = d;
            }
        }
        return max;
    }
}
