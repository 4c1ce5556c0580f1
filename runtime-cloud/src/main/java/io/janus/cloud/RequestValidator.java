package io.janus.cloud;

import io.janus.model.ModelDigest;
import io.janus.model.VitConfig;
import io.janus.schedule.Schedule;
import io.janus.wire.InvalidPayloadException;
import io.janus.wire.v1.FinishRequest;
import java.util.Arrays;

/**
 * Checks a request's geometry against the cloud's model before any tensor is built: digest, split point, schedule,
 * payload kind, top-k. Tensor contents (byte lengths, dtype, finite values) are checked when they are decoded.
 */
final class RequestValidator {

    private final VitConfig config;
    private final ModelDigest digest;

    RequestValidator(VitConfig config, ModelDigest digest) {
        this.config = config;
        this.digest = digest;
    }

    /** What the cloud must run for a valid request. */
    record Work(int splitPoint, int[] removals, int tokensAtSplit, int topK) {}

    Work check(FinishRequest r) {
        if (!digest.matches(r.getModelDigest())) {
            String sent = r.getModelDigest().isBlank() ? "(empty)" : ModelDigest.of(r.getModelDigest()).shortForm();
            throw new ModelMismatchException("model_digest " + sent + " is not this cloud's model (" + digest.shortForm()
                    + "): run the same model.safetensors on edge and cloud");
        }
        int depth = config.depth();
        int s = r.getSplitPoint();
        if (s < 0 || s > depth) {
            throw new InvalidPayloadException("split_point " + s + ": must be in [0, " + depth + "] (" + (depth + 1)
                    + " is device-only and never reaches the cloud)");
        }
        int[] merged = r.getMergedList().stream().mapToInt(Integer::intValue).toArray();
        if (merged.length != depth) {
            throw new InvalidPayloadException("merged: " + merged.length + " entries, expected one per block (" + depth + ")");
        }
        int[] feasible = Schedule.list(nonNegative(merged)).removals(config.patchTokens(), depth);
        if (!Arrays.equals(feasible, merged)) {
            throw new InvalidPayloadException("merged " + Arrays.toString(merged) + ": a block cannot merge away more than"
                    + " half of the tokens entering it (feasible: " + Arrays.toString(feasible) + ")");
        }
        if (s == 0 && !r.hasFrame()) {
            throw new InvalidPayloadException("split_point 0 (cloud-only) needs the frame, got " + r.getPayloadCase());
        }
        if (s > 0 && !r.hasTokens()) {
            throw new InvalidPayloadException("split_point " + s + " needs tokens, got " + r.getPayloadCase());
        }
        int k = r.getTopK() == 0 ? Math.min(5, config.numClasses()) : r.getTopK();
        if (k < 1 || k > config.numClasses()) {
            throw new InvalidPayloadException("top_k " + r.getTopK() + ": must be in [1, " + config.numClasses() + "] or 0");
        }
        int tokens = Schedule.tokenCounts(merged, config.patchTokens(), config.prefixTokens())[s];
        return new Work(s, merged, tokens, k);
    }

    private static int[] nonNegative(int[] merged) {
        for (int l = 0; l < merged.length; l++) {
            if (merged[l] < 0) {
                throw new InvalidPayloadException("merged[" + l + "] is " + merged[l] + ": must be >= 0");
            }
        }
        return merged;
    }
}
