package io.janus.edge;

/**
 * The per-frame decision: (schedule, split point, codec) from the current bandwidth estimate, RTT and SLA. Called once
 * per frame, possibly from several threads. The scheduler (Algorithm 1) implements it; {@link #fixed} serves flags.
 */
@FunctionalInterface
public interface Decider {

    Decision decide(LinkEstimate link);

    /** The lowest latency any decision could reach on this link, in ms, when the decider can predict it; else null. */
    default Double minLatencyMs(LinkEstimate link) {
        return null;
    }

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
