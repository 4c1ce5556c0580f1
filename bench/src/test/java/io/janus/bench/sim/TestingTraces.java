package io.janus.bench.sim;

import io.janus.trace.BandwidthTrace;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Small hand-made traces, written as the CSV files users give. */
final class TestingTraces {

    private TestingTraces() {
    }

    /** One bin per entry of {@code mbps}, each {@code binSeconds} long. */
    static BandwidthTrace bins(Path dir, double binSeconds, double... mbps) {
        StringBuilder csv = new StringBuilder("time_s,uplink_mbps\n");
        for (int i = 0; i < mbps.length; i++) {
            csv.append(i * binSeconds).append(',').append(mbps[i]).append('\n');
        }
        try {
            Path file = Files.createTempFile(dir, "trace", ".csv");
            Files.writeString(file, csv);
            return BandwidthTrace.load(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
