package io.janus.bench.sim;

import io.janus.plan.Decider;

/**
 * A policy the simulator replays: a name and a {@link Decider}, the runtime's own per-frame interface, so that it sees
 * what the edge sees: the link estimate built from the transfers before the frame, and the SLA; and learns what the
 * edge learns (its measured compute, a device-only plan when the cloud will not finish a frame). Only the oracle, which
 * knows the trace, needs more: {@code frameStarts} tells it when each frame starts and what is left of its budget,
 * just before its decider decides the frame.
 *
 * @param frameStarts told each frame's start (seconds into the replay) and the budget left when it starts (ms, less
 *                    than the SLA after queueing) before the frame is decided
 */
public record Policy(String name, Decider decider, FrameStarts frameStarts) {

    /** Told of each frame before it is decided. */
    @FunctionalInterface
    public interface FrameStarts {
        void at(double startSeconds, double budgetMs);
    }

    /** A policy that decides on the link estimate alone, as the runtime does. */
    public Policy(String name, Decider decider) {
        this(name, decider, (startSeconds, budgetMs) -> { });
    }
}
