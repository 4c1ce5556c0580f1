package io.janus.model;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A safetensors file (8-byte little-endian header length, JSON header, raw little-endian data), memory-mapped.
 * Read in Java rather than through DJL so that BF16 can be widened (DJL crashes on it) and every error names
 * the file and the tensor.
 */
public final class Safetensors {

    /** Element types of the format that Janus reads. */
    public enum DType {
        F64(8), F32(4), F16(2), BF16(2), I64(8), I32(4), I16(2), I8(1), U8(1), BOOL(1);

        final int bytes;

        DType(int bytes) {
            this.bytes = bytes;
        }
    }

    /** One tensor's entry in the header. */
    public record Tensor(String name, DType dtype, long[] shape, long begin, long end) {
        public long elements() {
            return Arrays.stream(shape).reduce(1L, Math::multiplyExact);
        }

        public String shapeText() {
            return Arrays.toString(shape);
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long MAX_HEADER = 100L << 20;

    private final Path file;
    private final ByteBuffer data;
    private final Map<String, Tensor> tensors;
    private final Map<String, String> metadata;

    private Safetensors(Path file, ByteBuffer data, Map<String, Tensor> tensors, Map<String, String> metadata) {
        this.file = file;
        this.data = data;
        this.tensors = tensors;
        this.metadata = metadata;
    }

    /** Opens and validates a file: header well-formed, every tensor's byte range inside the file and of the right length. */
    public static Safetensors open(Path file) {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = channel.size();
            if (size < 8) {
                throw new ModelException(file + ": not a safetensors file (" + size + " bytes, too short for a header)");
            }
            ByteBuffer all = channel.map(FileChannel.MapMode.READ_ONLY, 0, size).order(ByteOrder.LITTLE_ENDIAN);
            long headerLength = all.getLong(0);
            if (headerLength <= 0 || headerLength > MAX_HEADER || 8 + headerLength > size) {
                throw new ModelException(file + ": not a safetensors file (header length " + headerLength
                        + " does not fit a " + size + "-byte file)");
            }
            byte[] header = new byte[(int) headerLength];
            all.get(8, header);
            ByteBuffer data = all.slice(8 + (int) headerLength, (int) (size - 8 - headerLength))
                    .order(ByteOrder.LITTLE_ENDIAN);
            return parse(file, new String(header, StandardCharsets.UTF_8), data);
        } catch (NoSuchFileException e) {
            throw new ModelException(file + ": file not found", e);
        } catch (IOException e) {
            throw new ModelException(file + ": cannot read: " + e.getMessage(), e);
        }
    }

    private static Safetensors parse(Path file, String headerText, ByteBuffer data) {
        JsonNode header;
        try {
            header = JSON.readTree(headerText);
        } catch (JsonProcessingException e) {
            throw new ModelException(file + ": the safetensors header is not valid JSON: " + e.getOriginalMessage(), e);
        }
        if (header == null || !header.isObject()) {
            throw new ModelException(file + ": the safetensors header is not a JSON object");
        }
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        Map<String, String> metadata = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = header.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (e.getKey().equals("__metadata__")) {
                e.getValue().fields().forEachRemaining(m -> metadata.put(m.getKey(), m.getValue().asText()));
            } else {
                tensors.put(e.getKey(), tensorEntry(file, e.getKey(), e.getValue(), data.capacity()));
            }
        }
        return new Safetensors(file, data, Collections.unmodifiableMap(tensors), Collections.unmodifiableMap(metadata));
    }

    private static Tensor tensorEntry(Path file, String name, JsonNode node, long dataBytes) {
        String where = file + ": tensor " + name;
        DType dtype;
        try {
            dtype = DType.valueOf(node.path("dtype").asText());
        } catch (IllegalArgumentException e) {
            throw new ModelException(where + " has unsupported dtype '" + node.path("dtype").asText()
                    + "' (expected one of " + Arrays.toString(DType.values()) + ")");
        }
        JsonNode shapeNode = node.path("shape");
        JsonNode offsets = node.path("data_offsets");
        if (!shapeNode.isArray() || !offsets.isArray() || offsets.size() != 2) {
            throw new ModelException(where + ": header entry needs 'shape' and two 'data_offsets'");
        }
        long[] shape = new long[shapeNode.size()];
        for (int i = 0; i < shape.length; i++) {
            shape[i] = shapeNode.get(i).asLong(-1);
            if (shape[i] < 0) {
                throw new ModelException(where + " has a negative or non-numeric dimension in shape " + shapeNode);
            }
        }
        Tensor t = new Tensor(name, dtype, shape, offsets.get(0).asLong(-1), offsets.get(1).asLong(-1));
        long expected = t.elements() * dtype.bytes;
        if (t.begin() < 0 || t.end() > dataBytes || t.end() - t.begin() != expected) {
            throw new ModelException(where + ": data_offsets [" + t.begin() + ", " + t.end() + ") do not hold "
                    + dtype + " " + t.shapeText() + " (" + expected + " bytes) inside the " + dataBytes
                    + "-byte data section: the file is truncated or corrupt");
        }
        return t;
    }

    public Path file() {
        return file;
    }

    public Map<String, Tensor> tensors() {
        return tensors;
    }

    public Map<String, String> metadata() {
        return metadata;
    }

    public boolean contains(String name) {
        return tensors.containsKey(name);
    }

    public Tensor tensor(String name) {
        Tensor t = tensors.get(name);
        if (t == null) {
            throw new ModelException(file + ": tensor " + name + " is missing");
        }
        return t;
    }

    /** The tensor's values as float32, widening F16 and BF16 and narrowing F64; integer types are converted. */
    public float[] floats(String name) {
        Tensor t = tensor(name);
        ByteBuffer b = bytesOf(t);
        int n = Math.toIntExact(t.elements());
        float[] out = new float[n];
        switch (t.dtype()) {
            case F32 -> b.asFloatBuffer().get(out);
            case F16 -> {
                for (int i = 0; i < n; i++) {
                    out[i] = Half.toFloat(b.getShort(2 * i));
                }
            }
            case BF16 -> {
                for (int i = 0; i < n; i++) {
                    out[i] = Float.intBitsToFloat((b.getShort(2 * i) & 0xffff) << 16);
                }
            }
            case F64 -> {
                for (int i = 0; i < n; i++) {
                    out[i] = (float) b.getDouble(8 * i);
                }
            }
            default -> {
                long[] v = longs(name);
                for (int i = 0; i < n; i++) {
                    out[i] = v[i];
                }
            }
        }
        return out;
    }

    /** Integer tensors (U8, I8, I16, I32, I64, BOOL) as longs; U8 is read unsigned. */
    public long[] longs(String name) {
        Tensor t = tensor(name);
        ByteBuffer b = bytesOf(t);
        int n = Math.toIntExact(t.elements());
        long[] out = new long[n];
        for (int i = 0; i < n; i++) {
            out[i] = switch (t.dtype()) {
                case U8, BOOL -> b.get(i) & 0xff;
                case I8 -> b.get(i);
                case I16 -> b.getShort(2 * i);
                case I32 -> b.getInt(4 * i);
                case I64 -> b.getLong(8 * i);
                default -> throw new ModelException(file + ": tensor " + name + " is " + t.dtype()
                        + ", expected an integer type");
            };
        }
        return out;
    }

    /** Raw bytes of a U8 tensor (images). */
    public byte[] uint8(String name) {
        Tensor t = tensor(name);
        if (t.dtype() != DType.U8) {
            throw new ModelException(file + ": tensor " + name + " is " + t.dtype() + ", expected U8");
        }
        byte[] out = new byte[Math.toIntExact(t.elements())];
        bytesOf(t).get(0, out);
        return out;
    }

    private ByteBuffer bytesOf(Tensor t) {
        return data.slice((int) t.begin(), (int) (t.end() - t.begin())).order(ByteOrder.LITTLE_ENDIAN);
    }
}
