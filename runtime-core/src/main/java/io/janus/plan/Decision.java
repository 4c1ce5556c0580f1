package io.janus.plan;

import io.janus.schedule.Schedule;
import java.util.Locale;

/**
 * The scheduler's answer for one frame: a {@link Choice} and its predicted latency under the network it was
 * made for.
 *
 * @param choice         the chosen (α, split point)
 * @param bandwidthMbps  bandwidth estimate the decision used
 * @param rttMs          RTT the decision used
 * @param slaMs          the latency budget
 * @param transferMs     predicted transfer time of the payload
 * @param predictedMs    predicted end-to-end latency
 * @param meetsSla       predictedMs ≤ slaMs
 */
public record Decision(
        Choice choice,
        double bandwidthMbps,
        double rttMs,
        double slaMs,
        double transferMs,
        double predictedMs,
        boolean meetsSla) {

    /** Evaluates {@code choice} under the given network and SLA. */
    public static Decision of(Choice choice, double bandwidthMbps, double rttMs, double slaMs) {
        double predicted = choice.predictedMs(bandwidthMbps, rttMs);
        return new Decision(choice, bandwidthMbps, rttMs, slaMs, choice.transferMs(bandwidthMbps), predicted,
                predicted <= slaMs);
    }

    public double alpha() {
        return choice.alpha();
    }

    public Schedule schedule() {
        return choice.schedule();
    }

    public int splitPoint() {
        return choice.splitPoint();
    }

    public Mode mode() {
        return choice.mode();
    }

    public double edgeMs() {
        return choice.edgeMs();
    }

    public double cloudMs() {
        return choice.cloudMs();
    }

    public long payloadBytes() {
        return choice.payloadBytes();
    }

    /** RTT paid by this decision: none when device-only. */
    public double networkRttMs() {
        return choice.usesNetwork() ? rttMs : 0.0;
    }

    /** One line for logs and status: {@code α=0.05 split=4 collaborative predicted 43.2 ms (SLA 50 ms, met)}. */
    public String summary() {
        return String.format(Locale.ROOT, "α=%.2f split=%d %s predicted %.1f ms (edge %.1f + transfer %.1f + rtt %.1f"
                + " + cloud %.1f; SLA %.1f ms, %s), payload %d B at %.2f Mbps",
                alpha(), splitPoint(), mode().name().toLowerCase(Locale.ROOT).replace('_', '-'), predictedMs,
                edgeMs(), transferMs, networkRttMs(), cloudMs(), slaMs, meetsSla ? "met" : "missed",
                payloadBytes(), bandwidthMbps);
    }
}
