package io.janus.testing;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.janus.model.Half;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/** Writes safetensors files for tests (well-formed ones, and the raw bytes to corrupt). */
public final class SafetensorsWriter {

    private record Entry(String dtype, long[] shape, byte[] data) {}

    private final Map<String, Entry> tensors = new LinkedHashMap<>();
    private final Map<String, String> metadata = new LinkedHashMap<>();

    public SafetensorsWriter f32(String name, float[] values, long... shape) {
        ByteBuffer b = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        b.asFloatBuffer().put(values);
        tensors.put(name, new Entry("F32", shape, b.array()));
        return this;
    }

    public SafetensorsWriter f16(String name, float[] values, long... shape) {
        ByteBuffer b = ByteBuffer.allocate(values.length * 2).order(ByteOrder.LITTLE_ENDIAN);
        for (float v : values) {
            b.putShort(Half.fromFloat(v));
        }
        tensors.put(name, new Entry("F16", shape, b.array()));
        return this;
    }

    /** BF16 by truncation-with-rounding of the float32 bits. */
    public SafetensorsWriter bf16(String name, float[] values, long... shape) {
        ByteBuffer b = ByteBuffer.allocate(values.length * 2).order(ByteOrder.LITTLE_ENDIAN);
        for (float v : values) {
            int bits = Float.floatToRawIntBits(v);
            bits += 0x7fff + ((bits >>> 16) & 1);
            b.putShort((short) (bits >>> 16));
        }
        tensors.put(name, new Entry("BF16", shape, b.array()));
        return this;
    }

    public SafetensorsWriter u8(String name, byte[] values, long... shape) {
        tensors.put(name, new Entry("U8", shape, values.clone()));
        return this;
    }

    public SafetensorsWriter metadata(String key, String value) {
        metadata.put(key, value);
        return this;
    }

    public SafetensorsWriter remove(String name) {
        tensors.remove(name);
        return this;
    }

    public byte[] bytes() {
        ObjectMapper json = new ObjectMapper();
        ObjectNode header = json.createObjectNode();
        if (!metadata.isEmpty()) {
            ObjectNode meta = header.putObject("__metadata__");
            metadata.forEach(meta::put);
        }
        long offset = 0;
        ByteArrayOutputStream data = new ByteArrayOutputStream();
        for (Map.Entry<String, Entry> e : tensors.entrySet()) {
            ObjectNode t = header.putObject(e.getKey());
            t.put("dtype", e.getValue().dtype());
            var shape = t.putArray("shape");
            for (long d : e.getValue().shape()) {
                shape.add(d);
            }
            t.putArray("data_offsets").add(offset).add(offset + e.getValue().data().length);
            offset += e.getValue().data().length;
            data.writeBytes(e.getValue().data());
        }
        byte[] head = header.toString().getBytes(StandardCharsets.UTF_8);
        ByteBuffer out = ByteBuffer.allocate(8 + head.length + data.size()).order(ByteOrder.LITTLE_ENDIAN);
        out.putLong(head.length).put(head).put(data.toByteArray());
        return out.array();
    }

    public Path write(Path file) {
        try {
            Files.write(file, bytes());
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
