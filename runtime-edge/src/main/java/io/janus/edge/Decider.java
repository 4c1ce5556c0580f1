package io.janus.edge;

/**
 * The per-frame decision: (schedule, split point, codec) from the current bandwidth estimate, RTT and SLA. Called once
 * per frame, possibly from several threads. The scheduler (Algorithm 1) implements it; {@link #fixed} serves flags.
 */
@FunctionalInterface
public interface Decider {

    Decision decide(LinkEstimate link);

    /** Always the same decision, from {@code --split/--schedule/--codec}. */
    static Decider fixed(Decision decision) {
        return new Fixed(decision);
    }

    /** The decision from flags, whatever the link. */
    record Fixed(Decision decision) implements Decider {
        @Override
        public Decision decide(LinkEstimate link) {
            return decision;
        }

        @Override
        public String toString() {
            return "fixed: " + decision;
        }
    }
}
