package io.janus.profile;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.janus.model.ModelDigest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Reads and writes {@link LatencyProfile}s as JSON (files, or strings sent over the wire). */
public final class Profiles {

    private static final Logger LOG = LoggerFactory.getLogger(Profiles.class);

    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .enable(DeserializationFeature.FAIL_ON_MISSING_CREATOR_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);

    private Profiles() {
    }

    public static String toJson(LatencyProfile profile) {
        try {
            return JSON.writeValueAsString(profile) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialize profile: " + e.getMessage(), e);
        }
    }

    /**
     * Parses a profile. {@code source} names where the text came from (a file, "the cloud") in the error
     * message of a malformed profile.
     */
    public static LatencyProfile fromJson(String json, String source) {
        try {
            return JSON.treeToValue(withOptionalFields(JSON.readTree(json)), LatencyProfile.class);
        } catch (ValueInstantiationException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            throw new IllegalArgumentException(source + ": invalid latency profile: " + cause.getMessage(), e);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(source + ": not a Janus latency profile: " + e.getOriginalMessage(), e);
        }
    }

    /**
     * The fields a profile measured before they were recorded lacks, set to null (every other field stays required):
     * the merge step's line and each block's MLP stage line.
     */
    private static JsonNode withOptionalFields(JsonNode root) {
        if (root instanceof ObjectNode profile) {
            profile.putIfAbsent("merge", NullNode.getInstance());
            if (profile.get("blocks") instanceof ArrayNode blocks) {
                blocks.forEach(b -> {
                    if (b instanceof ObjectNode block) {
                        block.putIfAbsent("mlp", NullNode.getInstance());
                    }
                });
            }
        }
        return root;
    }

    public static LatencyProfile read(Path file) throws IOException {
        try {
            return fromJson(Files.readString(file), file.toString());
        } catch (NoSuchFileException e) {
            throw new NoSuchFileException(file + ": no such profile file");
        }
    }

    public static void write(LatencyProfile profile, Path file) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        Files.writeString(file, toJson(profile));
    }

    /**
     * The profile cached in {@code file} when it was measured for the same model digest with the same thread
     * count on the same device as {@code model}; otherwise a fresh measurement with {@code profiler}, which then
     * replaces the cache. A runtime calls this at start-up so that no manual profiling step is needed.
     */
    public static LatencyProfile cachedOrMeasured(Path file, StageTimer model, Profiler profiler) {
        ModelDigest modelDigest = model.modelDigest();
        int threads = model.threads();
        String device = model.device();
        if (Files.isRegularFile(file)) {
            try {
                LatencyProfile cached = read(file);
                if (cached.emulation() == null && cached.model().digest().equals(modelDigest)
                        && cached.threads() == threads && cached.device().equals(device)) {
                    LOG.info("latency profile: using {} ({})", file, cached.summary());
                    return cached;
                }
                LOG.info("latency profile: {} was measured for another model, device or thread count; re-measuring", file);
            } catch (IOException | IllegalArgumentException e) {
                LOG.warn("latency profile: ignoring unreadable cache {}: {}", file, e.getMessage());
            }
        }
        LOG.info("latency profile: measuring {} threads on {} (once; cached in {})", threads, device, file);
        LatencyProfile measured = profiler.measure(model);
        LOG.info("latency profile: measured ({})", measured.summary());
        try {
            write(measured, file);
        } catch (IOException e) {
            LOG.warn("latency profile: cannot cache the measurement in {}: {}", file, e.getMessage());
        }
        return measured;
    }
}
