package io.janus.model;

/** IEEE 754 binary16 ↔ float32 (Java 17 has no {@code Float.float16ToFloat}). Round-to-nearest-even on narrowing. */
public final class Half {

    /** The largest finite binary16 value. */
    public static final float MAX = 65504f;
    /** The smallest magnitude that rounds to infinity; below it, values round to at most {@link #MAX}. */
    public static final float OVERFLOW = 65520f;

    private Half() {
    }

    public static float toFloat(short half) {
        int h = half & 0xffff;
        int sign = (h & 0x8000) << 16;
        int exp = (h >>> 10) & 0x1f;
        int mant = h & 0x3ff;
        if (exp == 0x1f) { // inf or NaN
            return Float.intBitsToFloat(sign | 0x7f800000 | (mant << 13));
        }
        if (exp == 0) {
            if (mant == 0) {
                return Float.intBitsToFloat(sign);
            }
            // Subnormal half: value = mant · 2^-24.
            float v = mant * 0x1p-24f;
            return sign == 0 ? v : -v;
        }
        return Float.intBitsToFloat(sign | ((exp - 15 + 127) << 23) | (mant << 13));
    }

    public static short fromFloat(float value) {
        int f = Float.floatToRawIntBits(value);
        int sign = (f >>> 16) & 0x8000;
        int abs = f & 0x7fffffff;
        if (abs >= 0x7f800000) { // inf or NaN
            return (short) (sign | 0x7c00 | (abs > 0x7f800000 ? 0x200 : 0));
        }
        if (abs >= 0x477ff000) { // ≥ OVERFLOW (65520): infinity
            return (short) (sign | 0x7c00);
        }
        if (abs < 0x38800000) { // below the smallest normal half: a subnormal half, value · 2^24 rounded
            int shift = 126 - (abs >>> 23);
            if (shift > 24) {
                return (short) sign;
            }
            return (short) (sign | roundShift((abs & 0x7fffff) | 0x800000, shift));
        }
        int rounded = roundShift(abs - 0x38000000, 13);
        return (short) (sign | rounded);
    }

    /** value >> shift, rounded to nearest, ties to even. */
    private static int roundShift(int value, int shift) {
        int kept = value >>> shift;
        int rest = value & ((1 << shift) - 1);
        int halfway = 1 << (shift - 1);
        if (rest > halfway || (rest == halfway && (kept & 1) == 1)) {
            kept++;
        }
        return kept;
    }
}
