package io.janus.model;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.engine.PtNDManager;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Moves float32 values between Java and the engine without the intermediate buffers DJL's generic
 * {@code create(float[])} / {@code toFloatArray()} allocate (a fresh direct buffer per call: ~80 µs for a 197×192
 * token set, mostly page faults). On the CPU, PyTorch's own tensor memory is read and written through a direct view.
 * Every merge step moves two token sets each way, so this is on the hot path.
 *
 * <p>Half floats travel the same way for the wire: its little-endian order is the engine's memory order on every
 * platform libtorch ships for (x86-64, aarch64).
 */
public final class NativeArrays {

    private NativeArrays() {
    }

    /** A new float32 array of {@code shape} holding {@code values}. */
    public static NDArray floats(NDManager manager, float[] values, Shape shape) {
        if (shape.size() != values.length) {
            throw new IllegalArgumentException(values.length + " values do not fill shape " + shape);
        }
        if (!inHostMemory(manager)) {
            return manager.create(values, shape); // a view of device memory would be a copy: write through DJL
        }
        NDArray array = manager.create(shape, DataType.FLOAT32);
        ((PtNDArray) array).toByteBuffer(true).order(ByteOrder.nativeOrder()).asFloatBuffer().put(values);
        return array;
    }

    /** Whether arrays of {@code manager} live in PyTorch's CPU memory, which Java can write through a direct view. */
    public static boolean inHostMemory(NDManager manager) {
        return manager instanceof PtNDManager && Device.cpu().equals(manager.getDevice());
    }

    /** The values of a float32 array, row-major. */
    public static float[] toFloats(NDArray array) {
        if (array.getDataType() != DataType.FLOAT32) {
            throw new IllegalArgumentException("expected a float32 array, got " + array.getDataType());
        }
        if (array instanceof PtNDArray pt) {
            // DJL makes this view from a contiguous CPU copy when the array is strided or on a device.
            float[] out = new float[Math.toIntExact(array.size())];
            pt.toByteBuffer(true).order(ByteOrder.nativeOrder()).asFloatBuffer().get(out);
            return out;
        }
        return array.toFloatArray();
    }

    /**
     * The values of a float32 array as IEEE binary16, little-endian, converted by the engine (vectorised; rounding to
     * nearest even like {@link Half#fromFloat}, beyond ±65504 to ±infinity). An order of magnitude faster than
     * converting in Java, and fast from the first call rather than after JIT compilation.
     */
    public static byte[] toHalfBytes(NDArray array) {
        if (array.getDataType() != DataType.FLOAT32) {
            throw new IllegalArgumentException("expected a float32 array, got " + array.getDataType());
        }
        try (NDArray half = array.toType(DataType.FLOAT16, false)) {
            ByteBuffer view = half instanceof PtNDArray pt ? pt.toByteBuffer(true) : half.toByteBuffer();
            byte[] out = new byte[view.remaining()];
            view.get(out);
            return out;
        }
    }

    /**
     * A new float32 array of {@code shape} from little-endian binary16 values, widened by the engine (exactly).
     *
     * @param manager a manager {@link #inHostMemory in host memory}
     */
    public static NDArray fromHalfBytes(NDManager manager, ByteBuffer halfBytes, Shape shape) {
        if (!inHostMemory(manager)) {
            throw new IllegalArgumentException("half floats are written through PyTorch's CPU memory, not " + manager.getDevice());
        }
        if (halfBytes.remaining() != shape.size() * 2) {
            throw new IllegalArgumentException(halfBytes.remaining() + " bytes are not " + shape.size() + " half floats");
        }
        try (NDArray half = manager.create(shape, DataType.FLOAT16)) {
            ((PtNDArray) half).toByteBuffer(true).put(halfBytes.slice());
            return half.toType(DataType.FLOAT32, false);
        }
    }
}
