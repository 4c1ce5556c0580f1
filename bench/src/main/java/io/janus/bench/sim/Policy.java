package io.janus.bench.sim;

import io.janus.plan.Choice;
import io.janus.plan.Decider;
import io.janus.plan.Decision;
import io.janus.plan.LinkEstimate;

/**
 * Picks (α, split point) for one simulated frame. Every policy the runtime could run is a {@link Decider}, the
 * runtime's own per-frame interface, and sees what the edge sees: the link estimate built from the transfers before
 * the frame, and the SLA. Only the oracle, which knows the trace, uses when the frame starts and what is left of its
 * budget.
 */
public interface Policy {

    String name();

    /**
     * @param link          the estimator's bandwidth and RTT, fed with every earlier transfer, and the SLA
     * @param startSeconds  when the frame's computation starts, seconds into the replay
     * @param budgetMs      what is left of the SLA when the frame starts (less than the SLA after queueing)
     */
    Choice choose(LinkEstimate link, double startSeconds, double budgetMs);

    /**
     * The device-only plan for a frame the cloud will not finish (the runtime's circuit breaker is open) in
     * {@code budgetMs}; null when the policy has none.
     */
    default Choice onDevice(double rttMs, double budgetMs) {
        return null;
    }

    /**
     * What the edge's share of {@code choice}, the last one chosen (or planned by {@link #onDevice}), took; a policy
     * that learns from it, as the edge does.
     */
    default void edgeMeasured(Choice choice, double measuredMs) {
    }

    /** What the cloud's share of {@code choice}, the last one chosen, took. */
    default void cloudMeasured(Choice choice, double measuredMs) {
    }

    /** The call for {@code choice}, the last one chosen, ran out of time after {@code waitedMs} (the link not down). */
    default void callTimedOut(Choice choice, double waitedMs) {
    }

    /** How a policy picks, apart from its name. */
    @FunctionalInterface
    interface Rule {
        Choice choose(LinkEstimate link, double startSeconds, double budgetMs);
    }

    /** The decider as a policy called {@code name}: the runtime's decision on the link estimate alone. */
    static Policy of(String name, Decider decider) {
        return new Policy() {
            private Decision last;
            private Decision lastOnDevice;

            @Override
            public String name() {
                return name;
            }

            @Override
            public Choice choose(LinkEstimate link, double startSeconds, double budgetMs) {
                last = decider.decide(link);
                return last.choice();
            }

            @Override
            public Choice onDevice(double rttMs, double budgetMs) {
                lastOnDevice = decider.onDevice(rttMs, budgetMs);
                return lastOnDevice == null ? null : lastOnDevice.choice();
            }

            @Override
            public void edgeMeasured(Choice choice, double measuredMs) {
                if (last != null && last.choice() == choice) {
                    decider.edgeMeasured(last, measuredMs);
                } else if (lastOnDevice != null && lastOnDevice.choice() == choice) {
                    decider.edgeMeasured(lastOnDevice, measuredMs);
                }
            }

            @Override
            public void cloudMeasured(Choice choice, double measuredMs) {
                if (last != null && last.choice() == choice) {
                    decider.cloudMeasured(last, measuredMs);
                }
            }

            @Override
            public void callTimedOut(Choice choice, double waitedMs) {
                double cloudAtLeast = last != null && last.choice() == choice ? last.cloudAtLeastMs(waitedMs) : 0;
                if (cloudAtLeast > 0) {
                    decider.cloudMeasured(last, cloudAtLeast);
                }
            }
        };
    }

    /** A policy called {@code name} that picks by {@code rule}. */
    static Policy named(String name, Rule rule) {
        return new Policy() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public Choice choose(LinkEstimate link, double startSeconds, double budgetMs) {
                return rule.choose(link, startSeconds, budgetMs);
            }
        };
    }
}
