package io.janus.trace;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A measured uplink: CSV {@code time_s,uplink_mbps}, each row the rate of the bin that starts at {@code time_s} and
 * lasts until the next row (the last bin lasts as long as the one before it, or 1 s). Replays loop at the end.
 */
public final class BandwidthTrace {

    private final double[] starts;
    private final double[] mbps;
    private final double period;

    BandwidthTrace(double[] starts, double[] mbps) {
        this.starts = starts;
        this.mbps = mbps;
        int n = starts.length;
        this.period = starts[n - 1] + (n > 1 ? starts[n - 1] - starts[n - 2] : 1.0);
    }

    /** Reads a trace, naming the file, line and problem when it is malformed. */
    public static BandwidthTrace load(Path csv) {
        try {
            return parse(Files.readString(csv), csv.toString());
        } catch (IOException e) {
            throw new UncheckedIOException("trace " + csv + ": " + e.getMessage(), e);
        }
    }

    /** Parses trace CSV text; {@code source} names it in error messages. */
    public static BandwidthTrace parse(String text, String source) {
        List<String> lines = text.lines().toList();
        List<double[]> rows = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).trim();
            if (line.isEmpty() || (i == 0 && line.startsWith("time_s"))) {
                continue;
            }
            String[] cols = line.split(",");
            String where = "trace " + source + " line " + (i + 1) + " '" + line + "'";
            if (cols.length != 2) {
                throw new IllegalArgumentException(where + ": expected time_s,uplink_mbps");
            }
            double t;
            double r;
            try {
                t = Double.parseDouble(cols[0].trim());
                r = Double.parseDouble(cols[1].trim());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(where + ": not a number");
            }
            if (!(r >= 0 && Double.isFinite(r))) {
                throw new IllegalArgumentException(where + ": uplink_mbps must be finite and >= 0");
            }
            if (!rows.isEmpty() && !(t > rows.get(rows.size() - 1)[0])) {
                throw new IllegalArgumentException(where + ": time_s must increase");
            }
            rows.add(new double[] {t, r});
        }
        if (rows.isEmpty() || rows.stream().allMatch(row -> row[1] == 0)) {
            throw new IllegalArgumentException("trace " + source + ": no bin with a positive uplink_mbps");
        }
        return new BandwidthTrace(rows.stream().mapToDouble(r -> r[0] - rows.get(0)[0]).toArray(),
                rows.stream().mapToDouble(r -> r[1]).toArray());
    }

    /** The trace's length in seconds; replays wrap around after it. */
    public double period() {
        return period;
    }

    /** The rate in Mbps at {@code t} seconds into the replay. */
    public double mbpsAt(double t) {
        return mbps[bin(t % period)];
    }

    /** When the bin holding {@code t} seconds into the replay ends (the next rate change), in replay seconds. */
    public double nextChange(double t) {
        double cycles = Math.floor(t / period);
        return cycles * period + binEnd(bin(t - cycles * period));
    }

    /** Mean rate over one period, in Mbps. */
    public double meanMbps() {
        double bits = 0;
        for (int i = 0; i < starts.length; i++) {
            bits += mbps[i] * (binEnd(i) - starts[i]);
        }
        return bits / period;
    }

    /**
     * When a transfer of {@code bytes} that starts at {@code start} seconds ends: the bytes flow through each bin at
     * that bin's rate, so a transfer spanning a slow and a fast second takes the time both together allow.
     */
    public double transferEnd(double start, long bytes) {
        double megabits = bytes * 8 / 1e6;
        double cycles = Math.floor(start / period);
        double t = start - cycles * period;
        int i = bin(t);
        while (true) {
            double end = binEnd(i);
            double capacity = mbps[i] * (end - t);
            if (capacity >= megabits) {
                return cycles * period + t + megabits / mbps[i];
            }
            megabits -= capacity;
            if (i + 1 < starts.length) {
                i++;
                t = starts[i];
            } else {
                i = 0;
                t = 0;
                cycles++;
            }
        }
    }

    private double binEnd(int i) {
        return i + 1 < starts.length ? starts[i + 1] : period;
    }

    private int bin(double t) {
        int lo = 0;
        int hi = starts.length - 1;
        while (lo < hi) {
            int mid = (lo + hi + 1) >>> 1;
            if (starts[mid] <= t) {
                lo = mid;
            } else {
                hi = mid - 1;
            }
        }
        return lo;
    }
}
