package io.janus.check;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.janus.model.ModelException;
import io.janus.model.Safetensors;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A reference file for {@code ./janus check} (format of {@code fixtures/parity.safetensors}): inputs, and per
 * schedule the logits of the full forward and, per split point, the tokens and sizes after that block and the logits
 * the rest of the model produces from them. The {@code meta} metadata entry lists schedules (r per block, token
 * counts) and split points.
 */
public final class ReferenceFile {

    /** One schedule of the file: its name, tokens removed per block and token counts (entering block 1, then after each). */
    public record Case(String name, int[] removals, int[] tokens) {}

    private final Safetensors tensors;
    private final List<Case> cases;
    private final int[] splits;
    private final int merge1R;

    private ReferenceFile(Safetensors tensors, List<Case> cases, int[] splits, int merge1R) {
        this.tensors = tensors;
        this.cases = cases;
        this.splits = splits;
        this.merge1R = merge1R;
    }

    public static ReferenceFile open(Path file) {
        Safetensors st = Safetensors.open(file);
        String meta = st.metadata().get("meta");
        if (meta == null) {
            throw new ModelException(file + ": no 'meta' metadata entry listing the schedules (see fixtures/README.md)");
        }
        JsonNode root;
        try {
            root = new ObjectMapper().readTree(meta);
        } catch (JsonProcessingException e) {
            throw new ModelException(file + ": metadata 'meta' is not valid JSON: " + e.getOriginalMessage(), e);
        }
        List<Case> cases = new ArrayList<>();
        root.path("schedules").fields().forEachRemaining(e -> cases.add(
                new Case(e.getKey(), ints(e.getValue().path("r")), ints(e.getValue().path("tokens")))));
        if (cases.isEmpty()) {
            throw new ModelException(file + ": metadata 'meta' lists no schedules");
        }
        if (!st.contains("input")) {
            throw new ModelException(file + ": tensor input is missing (preprocessed images [N, 3, H, W])");
        }
        return new ReferenceFile(st, List.copyOf(cases), ints(root.path("splits")), root.path("merge1").path("r").asInt(0));
    }

    private static int[] ints(JsonNode array) {
        int[] v = new int[array.size()];
        for (int i = 0; i < v.length; i++) {
            v[i] = array.get(i).asInt();
        }
        return v;
    }

    public List<Case> cases() {
        return cases;
    }

    public int[] splits() {
        return splits.clone();
    }

    /** r of the single merge-step fixture, 0 when the file has none. */
    public int merge1R() {
        return merge1R;
    }

    public Safetensors tensors() {
        return tensors;
    }

    public boolean has(String name) {
        return tensors.contains(name);
    }
}
