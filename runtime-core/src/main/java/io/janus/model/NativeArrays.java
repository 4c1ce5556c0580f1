package io.janus.model;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.engine.PtNDArray;
import java.nio.ByteOrder;

/**
 * Moves float32 values between Java and the engine without the intermediate buffers DJL's generic
 * {@code create(float[])} / {@code toFloatArray()} allocate (a fresh direct buffer per call: ~80 µs for a 197×192
 * token set, mostly page faults). On the CPU, PyTorch's own tensor memory is read and written through a direct view.
 * Every merge step moves two token sets each way, so this is on the hot path.
 */
public final class NativeArrays {

    private NativeArrays() {
    }

    /** A new float32 array of {@code shape} holding {@code values}. */
    public static NDArray floats(NDManager manager, float[] values, Shape shape) {
        if (shape.size() != values.length) {
            throw new IllegalArgumentException(values.length + " values do not fill shape " + shape);
        }
        if (!Device.cpu().equals(manager.getDevice())) {
            return manager.create(values, shape); // a view of device memory would be a copy: write through DJL
        }
        NDArray array = manager.create(shape, DataType.FLOAT32);
        if (array instanceof PtNDArray pt) {
            pt.toByteBuffer(true).order(ByteOrder.nativeOrder()).asFloatBuffer().put(values);
            return array;
        }
        array.close();
        return manager.create(values, shape);
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
}
