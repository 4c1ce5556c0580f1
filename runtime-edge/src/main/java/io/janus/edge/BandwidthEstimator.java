package io.janus.edge;

import java.util.ArrayDeque;

/**
 * Uplink bandwidth estimate: the harmonic mean of the throughput of the last {@code window} transfers (bytes over the
 * time they took to push), which weighs slow transfers as a latency budget must. Before any transfer: the prior.
 */
public final class BandwidthEstimator {

    private final int window;
    private final double priorMbps;
    private final ArrayDeque<Double> samples = new ArrayDeque<>();

    public BandwidthEstimator(int window, double priorMbps) {
        if (window < 1 || !(priorMbps > 0)) {
            throw new IllegalArgumentException("bandwidth window must be >= 1 and prior > 0 Mbps (got " + window + ", " + priorMbps + ")");
        }
        this.window = window;
        this.priorMbps = priorMbps;
    }

    /** Records a transfer of {@code bytes} that took {@code seconds} on the wire; ignores unmeasurable ones. */
    public synchronized void record(long bytes, double seconds) {
        if (bytes <= 0 || !(seconds > 0)) {
            return;
        }
        samples.addLast(bytes * 8 / 1e6 / seconds);
        if (samples.size() > window) {
            samples.removeFirst();
        }
    }

    public synchronized double mbps() {
        if (samples.isEmpty()) {
            return priorMbps;
        }
        double inverse = 0;
        for (double s : samples) {
            inverse += 1 / s;
        }
        return samples.size() / inverse;
    }
}
