package io.janus.bench.sim;

import io.janus.plan.BandwidthEstimator;
import io.janus.plan.Choice;

/**
 * Picks (α, split point) for one frame. A policy sees the bandwidth estimate built from the transfers before
 * the frame, as the edge runtime does; only the oracle, which is given the trace when it is made, sees more.
 */
public interface Policy {

    String name();

    /**
     * @param startSeconds  when the frame's computation starts, seconds into the replay
     * @param estimate      the estimator fed with every earlier transfer
     * @param budgetMs      what is left of the SLA when the frame starts (less than the SLA after queueing)
     */
    Choice choose(double startSeconds, BandwidthEstimator estimate, double budgetMs);

    /** How a policy picks, apart from its name. */
    @FunctionalInterface
    interface Rule {
        Choice choose(double startSeconds, BandwidthEstimator estimate, double budgetMs);
    }

    /** A policy called {@code name} that picks by {@code rule}. */
    static Policy named(String name, Rule rule) {
        return new Policy() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public Choice choose(double startSeconds, BandwidthEstimator estimate, double budgetMs) {
                return rule.choose(startSeconds, estimate, budgetMs);
            }
        };
    }
}
