package io.janus.profile;

import io.janus.model.ModelDigest;

/**
 * The model as the {@link Profiler} sees it: each call runs one stage once on prepared input and returns how
 * long the stage itself took, excluding the preparation of its input. Keeps the measuring logic independent
 * of the engine; the engine-backed implementation sits next to the engine.
 */
public interface StageTimer {

    ModelGeometry geometry();

    /** Digest of the weights being measured (sha256 of model.safetensors, as sent on the wire). */
    ModelDigest modelDigest();

    /** Compute threads the engine uses. */
    int threads();

    /** Free-text description of the device. */
    String device();

    /** Runs the embed stage once on one frame; milliseconds. */
    double embedMs();

    /** Runs block {@code block} (0-based) once, without merging, on {@code tokens} tokens; milliseconds. */
    double blockMs(int block, int tokens);

    /** Runs block {@code block}'s stage after its merge (norm, MLP, residual) once on {@code tokens} tokens; milliseconds. */
    double mlpMs(int block, int tokens);

    /**
     * Runs ToMe's merge step once on {@code tokens} tokens, merging a quarter of the mergeable ones away (half of
     * what ToMe allows); milliseconds. Its cost depends on the tokens entering it (similarities, matching, the weighted sum), not on
     * the block.
     */
    double mergeMs(int tokens);

    /** Runs the head once; milliseconds. */
    double headMs();
}
