package io.janus.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

/** Float32 weights on the engine, created on demand from a checked safetensors file. */
final class Weights {

    private final Safetensors file;
    private final NDManager manager;

    Weights(Safetensors file, NDManager manager) {
        this.file = file;
        this.manager = manager;
    }

    NDArray get(String name) {
        Safetensors.Tensor t = file.tensor(name);
        NDArray array = manager.create(file.floats(name), new Shape(t.shape()));
        array.setName(name);
        return array;
    }
}
