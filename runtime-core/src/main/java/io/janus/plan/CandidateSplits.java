package io.janus.plan;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.IntStream;

/**
 * The split points the scheduler considers: always 0 (cloud-only) and L+1 (device-only), plus either the
 * paper's fine-to-coarse points p_1 = 1, p_{i+1} = p_i + ⌈p_i / k⌉ while p_i ≤ L ({@code fine:K}), or every
 * block boundary ({@code all}). Fine-to-coarse keeps the early blocks, where token merging changes the
 * payload most, and thins out the late ones.
 */
public final class CandidateSplits {

    public static final int DEFAULT_K = 5;

    private final String spec;
    private final int[] points;

    private CandidateSplits(String spec, int[] points) {
        this.spec = spec;
        this.points = points;
    }

    /** {0, p_1 … p_n, L+1} with p_1 = 1, p_{i+1} = p_i + ⌈p_i / k⌉ while p_i ≤ L. */
    public static CandidateSplits fineToCoarse(int depth, int k) {
        checkDepth(depth);
        if (k < 1) {
            throw new IllegalArgumentException("candidate splits fine:" + k + ": k must be >= 1");
        }
        IntStream.Builder p = IntStream.builder().add(0);
        for (int s = 1; s <= depth; s += (s + k - 1) / k) {
            p.add(s);
        }
        return new CandidateSplits("fine:" + k, p.add(depth + 1).build().toArray());
    }

    /** Every split point 0 … L+1. */
    public static CandidateSplits all(int depth) {
        checkDepth(depth);
        return new CandidateSplits("all", IntStream.rangeClosed(0, depth + 1).toArray());
    }

    /** Parses {@code fine:K}, {@code fine} (k = 5) or {@code all}. */
    public static CandidateSplits parse(String spec, int depth) {
        String s = spec == null ? "" : spec.trim().toLowerCase(Locale.ROOT);
        if (s.equals("all")) {
            return all(depth);
        } else if (s.equals("fine")) {
            return fineToCoarse(depth, DEFAULT_K);
        } else if (s.startsWith("fine:")) {
            try {
                return fineToCoarse(depth, Integer.parseInt(s.substring(5).trim()));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("candidate splits '" + spec + "': k is not a number", e);
            }
        }
        throw new IllegalArgumentException("candidate splits '" + spec + "': expected fine:K or all");
    }

    /** The split points, ascending, 0 first and L+1 last. */
    public int[] points() {
        return points.clone();
    }

    public int size() {
        return points.length;
    }

    public int get(int i) {
        return points[i];
    }

    public String spec() {
        return spec;
    }

    @Override
    public String toString() {
        return spec + " " + Arrays.toString(points);
    }

    private static void checkDepth(int depth) {
        if (depth < 1) {
            throw new IllegalArgumentException("candidate splits: depth must be >= 1, got " + depth);
        }
    }
}
