package io.janus.plan;

import io.janus.schedule.Schedule;
import io.janus.wire.TensorCodec;
import java.util.Locale;

/**
 * What to do with one frame: the merging schedule, the split point (and so the {@link Mode}), the codec tokens travel
 * in, and the predicted latency. The one decision type of the scheduler, the edge runtime, the simulator and the CLI.
 * A decision of the scheduler also carries its {@link Prediction}; a decision fixed by flags has none.
 *
 * @param schedule    the declining-rate (or other) merging schedule for all blocks
 * @param splitPoint  0 = cloud-only, 1..L = the edge runs blocks [0, s), L + 1 = device-only
 * @param codec       how tokens travel at split points 1..L
 * @param predictedMs predicted end-to-end latency; NaN for a fixed decision
 * @param prediction  the candidate chosen and the network it was predicted on; null for a fixed decision
 */
public record Decision(Schedule schedule, int splitPoint, TensorCodec codec, double predictedMs, Prediction prediction) {

    /**
     * How a decision's latency was predicted.
     *
     * @param choice         the chosen (α, split point) with its compute times and payload
     * @param bandwidthMbps  bandwidth estimate the decision used
     * @param rttMs          RTT the decision used
     * @param slaMs          the latency budget
     * @param transferMs     predicted transfer time of the payload
     * @param meetsSla       predicted latency ≤ slaMs
     */
    public record Prediction(Choice choice, double bandwidthMbps, double rttMs, double slaMs, double transferMs,
            boolean meetsSla) {}

    /** A decision without a prediction (fixed by flags). */
    public Decision(Schedule schedule, int splitPoint, TensorCodec codec) {
        this(schedule, splitPoint, codec, Double.NaN, null);
    }

    /** Evaluates {@code choice}, its tokens in {@code codec}, under the given network and SLA. */
    public static Decision of(Choice choice, TensorCodec codec, double bandwidthMbps, double rttMs, double slaMs) {
        double predicted = choice.predictedMs(bandwidthMbps, rttMs);
        return new Decision(choice.schedule(), choice.splitPoint(), codec, predicted, new Prediction(choice,
                bandwidthMbps, rttMs, slaMs, choice.transferMs(bandwidthMbps), predicted <= slaMs));
    }

    /** Where the frame is computed, for a model of {@code depth} blocks. */
    public Mode mode(int depth) {
        return Mode.of(splitPoint, depth);
    }

    /** α of an {@code exp:} schedule, 0 for {@code none}, NaN for the others. */
    public double alpha() {
        return schedule.decliningRate();
    }

    /** Same schedule, split point and codec: the same work, whatever was predicted. */
    public boolean sameChoice(Decision other) {
        return other != null && splitPoint == other.splitPoint && schedule.equals(other.schedule) && codec == other.codec;
    }

    /** The chosen candidate; only a decision of the scheduler has one. */
    public Choice choice() {
        return predicted().choice();
    }

    public boolean meetsSla() {
        return predicted().meetsSla();
    }

    public double transferMs() {
        return predicted().transferMs();
    }

    public double edgeMs() {
        return choice().edgeMs();
    }

    public double cloudMs() {
        return choice().cloudMs();
    }

    public long payloadBytes() {
        return choice().payloadBytes();
    }

    /** RTT paid by this decision: none when device-only. */
    public double networkRttMs() {
        return choice().usesNetwork() ? predicted().rttMs() : 0.0;
    }

    /**
     * What a call that ran out of time after {@code waitedMs} says about the cloud, when the link is not taken to be
     * down: it took at least the time waited less the planned transfer and round trip. Left out, a calibration of the
     * cloud would learn only from the calls that made it, and keep choosing a plan that misses by a little every time.
     * 0 when that is no more than predicted, or the decision predicted nothing.
     */
    public double cloudAtLeastMs(double waitedMs) {
        if (prediction == null || !prediction.choice().usesNetwork()) {
            return 0;
        }
        double atLeast = waitedMs - transferMs() - networkRttMs();
        return atLeast > cloudMs() ? atLeast : 0;
    }

    /** One line for logs and status: {@code α=0.05 split=4 collaborative predicted 43.2 ms (…; SLA 50 ms, met)}. */
    public String summary() {
        Prediction p = predicted();
        return String.format(Locale.ROOT, "α=%.2f split=%d %s predicted %.1f ms (edge %.1f + transfer %.1f + rtt %.1f"
                + " + cloud %.1f; SLA %.1f ms, %s), payload %d B at %.2f Mbps",
                p.choice().alpha(), splitPoint, p.choice().mode().label(), predictedMs, edgeMs(), p.transferMs(),
                networkRttMs(), cloudMs(), p.slaMs(), p.meetsSla() ? "met" : "missed", payloadBytes(),
                p.bandwidthMbps());
    }

    @Override
    public String toString() {
        return "split " + splitPoint + ", schedule " + schedule + ", codec " + codec.cliName()
                + (Double.isNaN(predictedMs) ? "" : String.format(Locale.ROOT, ", predicted %.1f ms", predictedMs));
    }

    private Prediction predicted() {
        if (prediction == null) {
            throw new IllegalStateException("decision " + this + " was fixed by flags: it has no prediction");
        }
        return prediction;
    }
}
