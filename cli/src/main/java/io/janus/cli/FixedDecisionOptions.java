package io.janus.cli;

import io.janus.plan.Decision;
import io.janus.schedule.Schedule;
import io.janus.wire.TensorCodec;
import picocli.CommandLine.Option;

/**
 * {@code --split} and {@code --schedule}, for {@code edge} and {@code demo}: a decision fixed for experiments instead
 * of the scheduler's per frame. The token codec is each command's own option (their defaults differ).
 */
final class FixedDecisionOptions {

    @Option(names = "--split", paramLabel = "N",
            description = "FIXED decision (for experiments; default: the scheduler decides per frame): split point, 0 = cloud-only,"
                    + " 1..L = edge runs blocks [0, N), L+1 = device-only (3 when only --schedule is given).")
    Integer split;

    @Option(names = "--schedule", paramLabel = "SPEC",
            description = "FIXED decision (for experiments): merging schedule none, const:R, exp:ALPHA (declining rate) or"
                    + " list:r1,r2,... (exp:0.1 when only --split is given).")
    String schedule;

    /** True when --split or --schedule fixes the decision; otherwise the scheduler decides. */
    boolean fixed() {
        return split != null || schedule != null;
    }

    /** The decision of --split/--schedule, each defaulting to split 3, exp:0.1, tokens in {@code codec}. */
    Decision decision(String codec) {
        return new Decision(Schedule.parse(schedule == null ? "exp:0.1" : schedule), split == null ? 3 : split,
                TensorCodec.parse(codec));
    }
}
