package io.janus.bench.sim;

import io.janus.plan.Choice;
import io.janus.plan.Decider;
import io.janus.plan.Decision;
import io.janus.plan.LinkEstimate;
import io.janus.plan.Mode;
import io.janus.plan.Scheduler;
import io.janus.trace.BandwidthTrace;
import io.janus.wire.TensorCodec;
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
        return List.of(deviceOnly(scenario), cloudOnly(scenario), mixed(scenario), janus(scheduler),
                oracle(scheduler, trace, scenario.rttMs()));
    }

    /** Every frame on the device, with the baseline schedule. */
    public static Policy deviceOnly(Scenario scenario) {
        return fixed(DEVICE_ONLY, scenario.deviceOnly(), scenario.payload().codec());
    }

    /** Every frame sent to the cloud, with the baseline schedule. */
    public static Policy cloudOnly(Scenario scenario) {
        return fixed(CLOUD_ONLY, scenario.cloudOnly(), scenario.payload().codec());
    }

    /**
     * Neurosurgeon-style: per frame, device-only or cloud-only, whichever the bandwidth estimate predicts faster
     * (device-only on a tie: it does not depend on the link).
     */
    public static Policy mixed(Scenario scenario) {
        Choice device = scenario.deviceOnly();
        Choice cloud = scenario.cloudOnly();
        TensorCodec codec = scenario.payload().codec();
        return new Policy(MIXED, link -> decision(
                cloud.predictedMs(link.bandwidthMbps(), link.rttMs()) < device.predictedMs(link.bandwidthMbps(), link.rttMs())
                        ? cloud : device, codec, link));
    }

    /** The runtime's scheduler (the paper's Algorithm 1) on the bandwidth estimate and the full SLA. */
    public static Policy janus(Scheduler scheduler) {
        return new Policy(JANUS, scheduler);
    }

    /**
     * The scheduler fed with true latencies: each choice's transfer is replayed through the trace from the moment
     * it would start, so the oracle misses the budget only when no choice of the scheduler's grid could meet it.
     */
    public static Policy oracle(Scheduler scheduler, BandwidthTrace trace, double rttMs) {
        Oracle oracle = new Oracle(scheduler, trace, rttMs);
        return new Policy(ORACLE, oracle, oracle::frameStarts);
    }

    /** Algorithm 1 on the latencies a frame starting when it does would see; one replay at a time. */
    private static final class Oracle implements Decider {
        private final Scheduler scheduler;
        private final BandwidthTrace trace;
        private final double rttMs;
        private double startSeconds;
        private double budgetMs;

        Oracle(Scheduler scheduler, BandwidthTrace trace, double rttMs) {
            this.scheduler = scheduler;
            this.trace = trace;
            this.rttMs = rttMs;
        }

        void frameStarts(double startSeconds, double budgetMs) {
            this.startSeconds = startSeconds;
            this.budgetMs = budgetMs;
        }

        @Override
        public Decision decide(LinkEstimate link) {
            // A frame that queued past its SLA misses it whatever runs: the fastest choice then, as when none fits.
            double budget = Math.max(budgetMs, Double.MIN_VALUE);
            Choice choice = scheduler.choose(c -> Simulator.serviceMs(c, startSeconds, trace, rttMs).totalMs(), budget);
            return decision(choice, scheduler.codec(), link);
        }
    }

    private static Policy fixed(String name, Choice choice, TensorCodec codec) {
        return new Policy(name, link -> decision(choice, codec, link));
    }

    private static Decision decision(Choice choice, TensorCodec codec, LinkEstimate link) {
        return Decision.of(choice, codec, link.bandwidthMbps(), link.rttMs(), link.slaMs());
    }
}
