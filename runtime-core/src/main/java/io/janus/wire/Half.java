package io.janus.wire;

/** IEEE 754 binary16 conversions (Java 17 has none), rounding to nearest even like numpy and PyTorch. */
final class Half {

    static final float MAX = 65504f;

    private Half() {
    }

    static short fromFloat(float f) {
        int bits = Float.floatToRawIntBits(f);
        int sign = (bits >>> 16) & 0x8000;
        int exp = (bits >>> 23) & 0xff;
        int mant = bits & 0x7fffff;
        if (exp == 0xff) {
            return (short) (sign | 0x7c00 | (mant != 0 ? 0x200 : 0));
        }
        int e = exp - 127 + 15;
        if (e >= 0x1f) {
            return (short) (sign | 0x7c00);
        }
        if (e <= 0) {
            if (e < -10) {
                return (short) sign;
            }
            return (short) (sign | roundShift(mant | 0x800000, 14 - e));
        }
        // The carry of a rounded-up mantissa moves into the exponent, which is the correct result.
        int v = (e << 10) | (mant >>> 13);
        int rem = mant & 0x1fff;
        if (rem > 0x1000 || (rem == 0x1000 && (v & 1) == 1)) {
            v++;
        }
        return (short) (sign | v);
    }

    static float toFloat(short h) {
        int sign = (h & 0x8000) << 16;
        int e = (h >>> 10) & 0x1f;
        int m = h & 0x3ff;
        if (e == 0) {
            float sub = m * 0x1p-24f;
            return sign == 0 ? sub : -sub;
        }
        if (e == 0x1f) {
            return Float.intBitsToFloat(sign | 0x7f800000 | (m << 13));
        }
        return Float.intBitsToFloat(sign | ((e + 112) << 23) | (m << 13));
    }

    private static int roundShift(int value, int shift) {
        int q = value >>> shift;
        int rem = value & ((1 << shift) - 1);
        int halfway = 1 << (shift - 1);
        if (rem > halfway || (rem == halfway && (q & 1) == 1)) {
            q++;
        }
        return q;
    }
}
