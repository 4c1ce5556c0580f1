package io.janus.bench.sim;

import io.janus.plan.Choice;

/**
 * One simulated frame.
 *
 * @param index         0-based, in arrival order
 * @param arrivalS      when the frame arrived, seconds into the replay
 * @param startS        when its computation started (after any queueing)
 * @param choice        the policy's (α, split point)
 * @param estimateMbps  the bandwidth estimate when the policy chose
 * @param service       edge, transfer, RTT and cloud times
 * @param waitMs        time spent queued before service
 */
public record Frame(int index, double arrivalS, double startS, Choice choice, double estimateMbps,
        Simulator.Service service, double waitMs) {

    /** Arrival to result. */
    public double latencyMs() {
        return waitMs + service.totalMs();
    }

    public double doneS() {
        return startS + service.totalMs() / 1000;
    }
}
