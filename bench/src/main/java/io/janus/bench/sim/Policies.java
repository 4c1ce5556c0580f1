package io.janus.bench.sim;

import io.janus.plan.Choice;
import io.janus.plan.Mode;
import io.janus.plan.Scheduler;
import io.janus.trace.BandwidthTrace;
import java.util.List;

/** The paper's baselines, Janus and the oracle. */
public final class Policies {

    public static final String DEVICE_ONLY = Mode.DEVICE_ONLY.label();
    public static final String CLOUD_ONLY = Mode.CLOUD_ONLY.label();
    public static final String MIXED = "mixed";
    public static final String JANUS = "janus";
    public static final String ORACLE = "oracle";

    private Policies() {
    }

    /** All five, in table order; the oracle replays {@code trace}. */
    public static List<Policy> all(Scenario scenario, Scheduler scheduler, BandwidthTrace trace) {
        return List.of(deviceOnly(scenario), cloudOnly(scenario), mixed(scenario), janus(scheduler, scenario.slaMs()),
                oracle(scheduler, trace, scenario.rttMs()));
    }

    /** Every frame on the device, with the baseline schedule. */
    public static Policy deviceOnly(Scenario scenario) {
        return fixed(DEVICE_ONLY, scenario.deviceOnly());
    }

    /** Every frame sent to the cloud, with the baseline schedule. */
    public static Policy cloudOnly(Scenario scenario) {
        return fixed(CLOUD_ONLY, scenario.cloudOnly());
    }

    /**
     * Neurosurgeon-style: per frame, device-only or cloud-only, whichever the bandwidth estimate predicts faster
     * (device-only on a tie: it does not depend on the link).
     */
    public static Policy mixed(Scenario scenario) {
        Choice device = scenario.deviceOnly();
        Choice cloud = scenario.cloudOnly();
        return Policy.named(MIXED, (startSeconds, estimate, budgetMs) -> {
            double mbps = estimate.estimateMbps();
            double rtt = estimate.rttMs();
            return cloud.predictedMs(mbps, rtt) < device.predictedMs(mbps, rtt) ? cloud : device;
        });
    }

    /** The runtime's scheduler (the paper's Algorithm 1) on the bandwidth estimate and the full SLA. */
    public static Policy janus(Scheduler scheduler, double slaMs) {
        return Policy.named(JANUS, (startSeconds, estimate, budgetMs) -> scheduler.decide(estimate, slaMs).choice());
    }

    /**
     * Algorithm 1's rule on true latencies: each choice's transfer is replayed through the trace from the moment
     * it would start, so the oracle misses the budget only when no choice of the scheduler's grid could meet it.
     */
    public static Policy oracle(Scheduler scheduler, BandwidthTrace trace, double rttMs) {
        List<Choice> choices = scheduler.choices();
        int perRate = scheduler.splits().size();
        return Policy.named(ORACLE, (startSeconds, estimate, budgetMs) -> {
            Choice fastest = null;
            double fastestMs = Double.POSITIVE_INFINITY;
            for (int from = 0; from < choices.size(); from += perRate) {
                Choice best = null;
                double bestMs = Double.POSITIVE_INFINITY;
                for (Choice c : choices.subList(from, from + perRate)) {
                    double ms = Simulator.serviceMs(c, startSeconds, trace, rttMs).totalMs();
                    if (ms < bestMs) {
                        bestMs = ms;
                        best = c;
                    }
                }
                if (bestMs <= budgetMs) {
                    return best;
                }
                if (bestMs < fastestMs) {
                    fastestMs = bestMs;
                    fastest = best;
                }
            }
            return fastest;
        });
    }

    private static Policy fixed(String name, Choice choice) {
        return Policy.named(name, (startSeconds, estimate, budgetMs) -> choice);
    }
}
