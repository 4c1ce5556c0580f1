package io.janus.plan;

import io.janus.profile.LatencyProfile;

/**
 * The per-frame decision: (schedule, split point, codec) from the current bandwidth estimate, RTT and SLA. The one
 * interface the edge runtime decides frames with and the simulator replays policies through. Called once per frame,
 * possibly from several threads. The {@link Scheduler} (Algorithm 1) implements it; {@link #fixed} serves flags.
 */
@FunctionalInterface
public interface Decider {

    Decision decide(LinkEstimate link);

    /** The lowest latency any decision could reach on this link, in ms, when the decider can predict it; else null. */
    default Double minLatencyMs(LinkEstimate link) {
        return null;
    }

    /**
     * How to finish a frame on the device that the cloud will not finish (the breaker is open, or the call for a frame
     * sent whole failed) in what is left of its SLA: a device-only decision, or null to keep the planned schedule.
     * A plan made for the cloud may merge little (a cloud-only frame at α = 0): on a slow device that plan run
     * locally can take several SLAs.
     */
    default Decision onDevice(double rttMs, double budgetMs) {
        return null;
    }

    /**
     * One frame's edge compute as measured, under {@code run} (the decision it ran: its predicted edge time is
     * {@code run.edgeMs()}): a decider that predicts from a profile corrects the profile with it.
     */
    default void edgeMeasured(Decision run, double measuredMs) {
    }

    /**
     * One frame's cloud compute as the cloud reported it, under {@code run} (its predicted cloud time is
     * {@code run.cloudMs()}), or for a call that ran out of time the least it can have taken: a decider that predicts
     * from the cloud's profile corrects the profile with it.
     */
    default void cloudMeasured(Decision run, double measuredMs) {
    }

    /**
     * The call for a frame run under {@code run} ran out of time after {@code waitedMs}, the link not taken to be down:
     * the cloud is told the least it can have taken ({@link Decision#cloudAtLeastMs}), when that is more than planned.
     */
    default void callTimedOut(Decision run, double waitedMs) {
        double cloudAtLeast = run.cloudAtLeastMs(waitedMs);
        if (cloudAtLeast > 0) {
            cloudMeasured(run, cloudAtLeast);
        }
    }

    /** True when the decider plans with the cloud's latency profile, which the edge then fetches from the cloud. */
    default boolean needsCloudProfile() {
        return false;
    }

    /** The cloud's latency profile, fetched when the edge reaches the cloud and again after the cloud comes back. */
    default void useCloudProfile(LatencyProfile cloud) {
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
