package io.janus.edge;

import io.janus.plan.Scheduler;
import io.janus.wire.TensorCodec;

/**
 * The per-frame decision of Janus's scheduler (Algorithm 1): the most accurate declining rate α and split point whose
 * predicted latency, from the latency profiles and the current bandwidth estimate and RTT, meets the SLA. The token
 * codec stays the one configured (the scheduler's payload model assumes it).
 */
public final class SchedulerDecider implements Decider {

    private final Scheduler scheduler;
    private final TensorCodec codec;

    public SchedulerDecider(Scheduler scheduler, TensorCodec codec) {
        this.scheduler = scheduler;
        this.codec = codec;
    }

    /** The fastest (α, split) per the latency profiles, whatever its accuracy: an SLA below it cannot be met. */
    @Override
    public Double minLatencyMs(LinkEstimate link) {
        return scheduler.choices().stream().mapToDouble(c -> c.predictedMs(link.bandwidthMbps(), link.rttMs())).min().orElse(Double.NaN);
    }

    @Override
    public String toString() {
        return "scheduler (" + scheduler.splits().spec() + " splits, " + scheduler.rates().length + " rates, codec "
                + codec.cliName() + ")";
    }

    @Override
    public Decision decide(LinkEstimate link) {
        io.janus.plan.Decision d = scheduler.decide(link.bandwidthMbps(), link.rttMs(), link.slaMs());
        return new Decision(d.schedule(), d.splitPoint(), codec);
    }
}
