package io.janus.wire;

import com.google.protobuf.UnsafeByteOperations;
import io.janus.model.Half;
import io.janus.wire.v1.DType;
import io.janus.wire.v1.Tensor;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Locale;

/**
 * How the edge puts a [rows, cols] float matrix (the token state) on the wire: {@code fp32} exactly, {@code fp16}
 * rounded to half precision, or {@code int8} with one symmetric scale per row (max|x| / 127).
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

    /** Bytes per element in {@code data} (int8 also sends 4 bytes of scale per row). */
    public int bytesPerValue() {
        return bytesPerValue;
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
                checkFinite(values, Float.MAX_VALUE);
                data.asFloatBuffer().put(values);
            }
            case FP16 -> {
                checkFinite(values, Half.MAX);
                for (float v : values) {
                    data.putShort(Half.fromFloat(v));
                }
            }
            case INT8 -> {
                checkFinite(values, Float.MAX_VALUE);
                t.setScales(UnsafeByteOperations.unsafeWrap(quantize(values, rows, cols, data)));
            }
        }
        // The buffers are fresh and never written again: wrap them rather than copy 100 kB per frame.
        return t.setData(UnsafeByteOperations.unsafeWrap(data.array())).build();
    }

    /**
     * Decodes a tensor of this codec's dtype into row-major floats after checking it against the contract.
     *
     * @param field the request field, named in error messages
     * @throws InvalidPayloadException naming what is wrong
     */
    public static float[] decode(Tensor t, String field) {
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
        TensorCodec codec = of(t.getDtype());
        if (t.getData().size() != count * codec.bytesPerValue) {
            throw new InvalidPayloadException(field + ": " + t.getData().size() + " data bytes, expected "
                    + count * codec.bytesPerValue + " for shape " + t.getShapeList() + " " + t.getDtype());
        }
        int rows = t.getShape(0);
        int expectedScales = codec == INT8 ? rows * 4 : 0;
        if (t.getScales().size() != expectedScales) {
            throw new InvalidPayloadException(field + ": " + t.getScales().size() + " scale bytes, expected "
                    + expectedScales + " for " + t.getDtype());
        }
        ByteBuffer data = t.getData().asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN);
        float[] out = new float[(int) count];
        switch (codec) {
            case FP32 -> data.asFloatBuffer().get(out);
            case FP16 -> {
                for (int i = 0; i < out.length; i++) {
                    out[i] = Half.toFloat(data.getShort());
                }
            }
            case INT8 -> dequantize(t, field, data, rows, out);
        }
        for (int i = 0; i < out.length; i++) {
            if (!Float.isFinite(out[i])) {
                throw new InvalidPayloadException(field + ": element " + i + " is " + out[i] + ", values must be finite");
            }
        }
        return out;
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

    private void checkFinite(float[] values, float limit) {
        for (int i = 0; i < values.length; i++) {
            if (!(Math.abs(values[i]) <= limit)) {
                throw new IllegalArgumentException("cannot encode " + values[i] + " (element " + i + ") as " + cliName()
                        + (this == FP16 ? ": beyond half precision's ±65504; use --codec fp32" : ": not finite"));
            }
        }
    }
}
