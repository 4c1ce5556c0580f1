package io.janus.bench.sim;

import io.janus.trace.BandwidthTrace;

/** Small hand-made traces, in the CSV form users give. */
final class TestingTraces {

    private TestingTraces() {
    }

    /** One bin per entry of {@code mbps}, each {@code binSeconds} long. */
    static BandwidthTrace bins(double binSeconds, double... mbps) {
        StringBuilder csv = new StringBuilder("time_s,uplink_mbps\n");
        for (int i = 0; i < mbps.length; i++) {
            csv.append(i * binSeconds).append(',').append(mbps[i]).append('\n');
        }
        return BandwidthTrace.parse(csv.toString(), "hand-made trace");
    }
}
