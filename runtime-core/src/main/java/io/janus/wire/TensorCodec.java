package io.janus.wire;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import com.google.protobuf.UnsafeByteOperations;
import io.janus.model.Half;
import io.janus.model.NativeArrays;
import io.janus.wire.v1.DType;
import io.janus.wire.v1.Tensor;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Locale;

/**
 * How the edge puts a [rows, cols] float matrix (the token state) on the wire: {@code fp32} exactly, {@code fp16}
 * rounded to half precision, or {@code int8} with one symmetric scale per row (max|x| / 127). The one codec type: the
 * scheduler's payload model sizes tokens with it too.
 *
 * <p>The float[] methods are the reference. The engine-array methods produce the same bytes and the same errors; for
 * fp16 they let the engine convert, which is an order of magnitude faster than Java's scalar loop and keeps the
 * per-frame encode + decode cost well under a millisecond even before the JIT has compiled anything.
 */
public enum TensorCodec {
    FP32(DType.FLOAT32, 4),
    FP16(DType.FLOAT16, 2),
    INT8(DType.INT8, 1);

    private final DType dtype;
    private final int bytesPerValue;

    TensorCodec(DType dtype, int bytesPerValue) {
        this.dtype = dtype;
        this.bytesPerValue = bytesPerValue;
    }

    /** Parses the CLI form: {@code fp32}, {@code fp16} or {@code int8}. */
    public static TensorCodec parse(String name) {
        for (TensorCodec c : values()) {
            if (c.cliName().equals(name == null ? "" : name.trim().toLowerCase(Locale.ROOT))) {
                return c;
            }
        }
        throw new IllegalArgumentException("codec '" + name + "': expected fp32, fp16 or int8");
    }

    public static TensorCodec of(DType dtype) {
        for (TensorCodec c : values()) {
            if (c.dtype == dtype) {
                return c;
            }
        }
        throw new InvalidPayloadException("tensor dtype " + dtype + ": expected FLOAT32, FLOAT16 or INT8");
    }

    public String cliName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public DType dtype() {
        return dtype;
    }

    /** Bytes per element in {@code data} (int8 also sends {@link #scaleBytesPerRow()} bytes of scale per row). */
    public int bytesPerValue() {
        return bytesPerValue;
    }

    /** Bytes of scale per row: one fp32 for int8, none otherwise. */
    public int scaleBytesPerRow() {
        return this == INT8 ? Float.BYTES : 0;
    }

    /** Bytes of one token's {@code dim} values, its scale included. */
    public long bytesPerToken(int dim) {
        return (long) dim * bytesPerValue + scaleBytesPerRow();
    }

    /**
     * Encodes a row-major [rows, cols] matrix.
     *
     * @throws IllegalArgumentException for non-finite values, or values fp16 cannot hold
     */
    public Tensor encode(float[] values, int rows, int cols) {
        if (rows < 1 || cols < 1 || (long) rows * cols != values.length) {
            throw new IllegalArgumentException("tensor [" + rows + ", " + cols + "] does not match " + values.length + " values");
        }
        ByteBuffer data = ByteBuffer.allocate(values.length * bytesPerValue).order(ByteOrder.LITTLE_ENDIAN);
        Tensor.Builder t = Tensor.newBuilder().addShape(rows).addShape(cols).setDtype(dtype);
        switch (this) {
            case FP32 -> {
                checkBelow(values, Float.POSITIVE_INFINITY);
                data.asFloatBuffer().put(values);
            }
            case FP16 -> {
                checkBelow(values, Half.OVERFLOW);
                for (float v : values) {
                    data.putShort(Half.fromFloat(v));
                }
            }
            case INT8 -> {
                checkBelow(values, Float.POSITIVE_INFINITY);
                t.setScales(UnsafeByteOperations.unsafeWrap(quantize(values, rows, cols, data)));
            }
        }
        // The buffers are fresh and never written again: wrap them rather than copy 100 kB per frame.
        return t.setData(UnsafeByteOperations.unsafeWrap(data.array())).build();
    }

    /**
     * Encodes a float32 engine array of {@code rows × cols} values, row-major; same bytes and errors as
     * {@link #encode(float[], int, int)}.
     */
    public Tensor encode(NDArray values, int rows, int cols) {
        if (this != FP16 || rows < 1 || cols < 1 || (long) rows * cols != values.size()) {
            return encode(NativeArrays.toFloats(values), rows, cols);
        }
        byte[] halves = NativeArrays.toHalfBytes(values);
        if (firstNonFiniteHalf(ByteBuffer.wrap(halves)) >= 0) {
            return encode(NativeArrays.toFloats(values), rows, cols); // throws, naming the value that does not fit
        }
        return Tensor.newBuilder().addShape(rows).addShape(cols).setDtype(dtype)
                .setData(UnsafeByteOperations.unsafeWrap(halves)).build();
    }

    /**
     * Decodes a tensor into a float32 engine array of {@code shape} (which must hold its values); same checks and
     * errors as {@link #decode(Tensor, String)}.
     */
    public static NDArray decode(Tensor t, String field, NDManager manager, Shape shape) {
        if (t.getDtype() != DType.FLOAT16 || !NativeArrays.inHostMemory(manager)) {
            return NativeArrays.floats(manager, decode(t, field), shape);
        }
        checkLayout(t, field, FP16);
        ByteBuffer data = t.getData().asReadOnlyByteBuffer();
        int bad = firstNonFiniteHalf(data);
        if (bad >= 0) {
            throw notFinite(field, bad, Half.toFloat(data.order(ByteOrder.LITTLE_ENDIAN).getShort(data.position() + 2 * bad)));
        }
        return NativeArrays.fromHalfBytes(manager, data, shape);
    }

    /**
     * Decodes a tensor of this codec's dtype into row-major floats after checking it against the contract.
     *
     * @param field the request field, named in error messages
     * @throws InvalidPayloadException naming what is wrong
     */
    public static float[] decode(Tensor t, String field) {
        TensorCodec codec = of(t.getDtype());
        int count = checkLayout(t, field, codec);
        ByteBuffer data = t.getData().asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN);
        float[] out = new float[count];
        switch (codec) {
            case FP32 -> data.asFloatBuffer().get(out);
            case FP16 -> {
                for (int i = 0; i < out.length; i++) {
                    out[i] = Half.toFloat(data.getShort());
                }
            }
            case INT8 -> dequantize(t, field, data, t.getShape(0), out);
        }
        for (int i = 0; i < out.length; i++) {
            if (!Float.isFinite(out[i])) {
                throw notFinite(field, i, out[i]);
            }
        }
        return out;
    }

    /** Checks shape, data length and scales against the dtype; returns the element count. */
    private static int checkLayout(Tensor t, String field, TensorCodec codec) {
        if (t.getShapeCount() == 0) {
            throw new InvalidPayloadException(field + ": shape is empty");
        }
        long count = 1;
        for (int d : t.getShapeList()) {
            if (d < 1) {
                throw new InvalidPayloadException(field + ": shape " + t.getShapeList() + " has a dimension < 1");
            }
            count *= d;
        }
        if (t.getData().size() != count * codec.bytesPerValue) {
            throw new InvalidPayloadException(field + ": " + t.getData().size() + " data bytes, expected "
                    + count * codec.bytesPerValue + " for shape " + t.getShapeList() + " " + t.getDtype());
        }
        int expectedScales = t.getShape(0) * codec.scaleBytesPerRow();
        if (t.getScales().size() != expectedScales) {
            throw new InvalidPayloadException(field + ": " + t.getScales().size() + " scale bytes, expected "
                    + expectedScales + " for " + t.getDtype());
        }
        return (int) count;
    }

    /** Index of the first binary16 infinity or NaN (exponent bits all ones) in little-endian halves, or -1. */
    private static int firstNonFiniteHalf(ByteBuffer halves) {
        for (int i = halves.position() + 1, n = 0; i < halves.limit(); i += 2, n++) {
            if ((halves.get(i) & 0x7c) == 0x7c) {
                return n;
            }
        }
        return -1;
    }

    private static InvalidPayloadException notFinite(String field, int element, float value) {
        return new InvalidPayloadException(field + ": element " + element + " is " + value + ", values must be finite");
    }

    private static byte[] quantize(float[] values, int rows, int cols, ByteBuffer data) {
        ByteBuffer scales = ByteBuffer.allocate(rows * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (int r = 0; r < rows; r++) {
            float max = 0f;
            for (int c = 0; c < cols; c++) {
                max = Math.max(max, Math.abs(values[r * cols + c]));
            }
            float scale = max / 127f;
            scales.putFloat(scale);
            for (int c = 0; c < cols; c++) {
                int q = scale == 0f ? 0 : Math.round(values[r * cols + c] / scale);
                data.put((byte) Math.max(-127, Math.min(127, q)));
            }
        }
        return scales.array();
    }

    private static void dequantize(Tensor t, String field, ByteBuffer data, int rows, float[] out) {
        ByteBuffer scales = t.getScales().asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN);
        int cols = out.length / rows;
        for (int r = 0; r < rows; r++) {
            float scale = scales.getFloat();
            if (!(Float.isFinite(scale) && scale >= 0f)) {
                throw new InvalidPayloadException(field + ": scale of row " + r + " is " + scale + ", must be finite and >= 0");
            }
            for (int c = 0; c < cols; c++) {
                out[r * cols + c] = data.get() * scale;
            }
        }
    }

    /** Every |value| must be below {@code bound} (exclusive): finite, and for fp16 not rounding to infinity. */
    private void checkBelow(float[] values, float bound) {
        for (int i = 0; i < values.length; i++) {
            if (!(Math.abs(values[i]) < bound)) {
                throw new IllegalArgumentException("cannot encode " + values[i] + " (element " + i + ") as " + cliName()
                        + (this == FP16 ? ": beyond half precision's ±65504; use --codec fp32" : ": not finite"));
            }
        }
    }
}
