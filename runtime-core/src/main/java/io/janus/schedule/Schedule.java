package io.janus.schedule;

import java.util.Arrays;
import java.util.Locale;

/**
 * How many tokens each block merges away. One string form is used everywhere (CLI, config, CRD, wire):
 * <ul>
 *   <li>{@code none} — no merging;</li>
 *   <li>{@code const:R} — ToMe's constant schedule, R tokens per block;</li>
 *   <li>{@code exp:ALPHA} — Janus's declining-rate schedule: block l removes
 *       r_l = min(⌊α·P_{l−1}⌋, ⌊P_{l−1}/2⌋) of the P_{l−1} patch tokens entering it;</li>
 *   <li>{@code list:r1,r2,…} — explicit removals per block (missing trailing entries are 0).</li>
 * </ul>
 * Token counts per block follow from the schedule and the model geometry alone, without running the model.
 */
public final class Schedule {

    /** The kind of schedule; each kind reads its own parameter. */
    public enum Kind { NONE, CONSTANT, EXPONENTIAL, LIST }

    private static final double FLOOR_GUARD = 1e-9;
    private static final Schedule NONE = new Schedule(Kind.NONE, 0, 0.0, new int[0]);

    private final Kind kind;
    private final int constant;
    private final double rate;
    private final int[] list;

    private Schedule(Kind kind, int constant, double rate, int[] list) {
        this.kind = kind;
        this.constant = constant;
        this.rate = rate;
        this.list = list;
    }

    public static Schedule none() {
        return NONE;
    }

    /** ToMe's constant schedule: {@code r} tokens merged away in every block. */
    public static Schedule constant(int r) {
        if (r < 0) {
            throw new IllegalArgumentException("schedule const:" + r + ": r must be >= 0");
        }
        return r == 0 ? NONE : new Schedule(Kind.CONSTANT, r, 0.0, new int[0]);
    }

    /** The declining-rate schedule with rate α in [0, 1). */
    public static Schedule exponential(double alpha) {
        if (!(alpha >= 0.0 && alpha < 1.0)) {
            throw new IllegalArgumentException("schedule exp:" + alpha + ": the declining rate must be in [0, 1)");
        }
        return alpha == 0.0 ? NONE : new Schedule(Kind.EXPONENTIAL, 0, alpha, new int[0]);
    }

    /** Explicit removals per block; trailing blocks not listed remove nothing. */
    public static Schedule list(int... removals) {
        for (int r : removals) {
            if (r < 0) {
                throw new IllegalArgumentException("schedule list:" + join(removals) + ": removals must be >= 0");
            }
        }
        return new Schedule(Kind.LIST, 0, 0.0, removals.clone());
    }

    /** Parses {@code none}, {@code const:R}, {@code exp:ALPHA} or {@code list:r1,r2,…}. */
    public static Schedule parse(String spec) {
        String s = spec == null ? "" : spec.trim().toLowerCase(Locale.ROOT);
        try {
            if (s.equals("none")) {
                return NONE;
            } else if (s.startsWith("const:")) {
                return constant(Integer.parseInt(s.substring(6).trim()));
            } else if (s.startsWith("exp:")) {
                return exponential(Double.parseDouble(s.substring(4).trim()));
            } else if (s.startsWith("list:")) {
                String body = s.substring(5).trim();
                return list(body.isEmpty() ? new int[0]
                        : Arrays.stream(body.split(",")).map(String::trim).mapToInt(Integer::parseInt).toArray());
            }
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("schedule '" + spec + "': not a number: " + e.getMessage(), e);
        }
        throw new IllegalArgumentException(
                "schedule '" + spec + "': expected none, const:R, exp:ALPHA or list:r1,r2,...");
    }

    public Kind kind() {
        return kind;
    }

    /** The declining rate α for {@code exp:} schedules, 0 for {@code none}, NaN for the others. */
    public double decliningRate() {
        return switch (kind) {
            case NONE -> 0.0;
            case EXPONENTIAL -> rate;
            default -> Double.NaN;
        };
    }

    /**
     * Tokens merged away by each block, capped as ToMe caps them (at most half of the mergeable tokens).
     *
     * @param patchTokens  mergeable tokens entering block 1 (patches; prefix tokens such as the class token excluded)
     * @param depth        number of blocks
     */
    public int[] removals(int patchTokens, int depth) {
        if (kind == Kind.LIST && list.length > depth) {
            throw new IllegalArgumentException("schedule " + this + " lists " + list.length
                    + " blocks but the model has " + depth);
        }
        int[] r = new int[depth];
        int p = patchTokens;
        for (int l = 0; l < depth; l++) {
            r[l] = Math.min(requested(l, p), p / 2);
            p -= r[l];
        }
        return r;
    }

    /**
     * Token counts: entering block 1, then after each block ({@code depth + 1} entries), prefix tokens included.
     */
    public int[] tokenCounts(int patchTokens, int prefixTokens, int depth) {
        return tokenCounts(removals(patchTokens, depth), patchTokens, prefixTokens);
    }

    /** Token counts implied by explicit removals (see {@link #tokenCounts(int, int, int)}). */
    public static int[] tokenCounts(int[] removals, int patchTokens, int prefixTokens) {
        int[] t = new int[removals.length + 1];
        t[0] = patchTokens + prefixTokens;
        for (int l = 0; l < removals.length; l++) {
            t[l + 1] = t[l] - removals[l];
        }
        return t;
    }

    private int requested(int block, int patchTokensIn) {
        return switch (kind) {
            case NONE -> 0;
            case CONSTANT -> constant;
            // ⌊α·P⌋ of the decimal α the user wrote: 0.29 · 100 is 28.999… in binary floating point.
            case EXPONENTIAL -> (int) Math.floor(rate * patchTokensIn + FLOOR_GUARD);
            case LIST -> block < list.length ? list[block] : 0;
        };
    }

    @Override
    public String toString() {
        return switch (kind) {
            case NONE -> "none";
            case CONSTANT -> "const:" + constant;
            case EXPONENTIAL -> "exp:" + formatRate(rate);
            case LIST -> "list:" + join(list);
        };
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Schedule other && other.toString().equals(toString());
    }

    @Override
    public int hashCode() {
        return toString().hashCode();
    }

    private static String formatRate(double alpha) {
        String s = String.format(Locale.ROOT, "%.6f", alpha);
        s = s.replaceAll("0+$", "");
        return s.endsWith(".") ? s + "0" : s;
    }

    private static String join(int[] values) {
        return String.join(",", Arrays.stream(values).mapToObj(Integer::toString).toArray(String[]::new));
    }
}
