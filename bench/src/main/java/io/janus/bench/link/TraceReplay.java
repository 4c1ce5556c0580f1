package io.janus.bench.link;

import io.janus.trace.BandwidthTrace;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.locks.LockSupport;
import java.util.function.DoubleConsumer;

/**
 * Replays a bandwidth trace on a link: one daemon thread sets the rate at the start of each trace step (rates of 0
 * and the given outages take the link down). What it set, and when, is kept for the report (bounded by the run).
 */
public final class TraceReplay implements AutoCloseable {

    /** A window of the replay, in seconds from its start, when the link is down whatever the trace says. */
    public record Outage(double startS, double seconds) {
        public Outage {
            if (!(startS >= 0) || !(seconds > 0)) {
                throw new IllegalArgumentException("--outage " + startS + ":" + seconds + ": need START >= 0 and SECONDS > 0");
            }
        }

        /** Parses {@code START:SECONDS}. */
        public static Outage parse(String spec) {
            String[] p = spec.split(":");
            if (p.length != 2) {
                throw new IllegalArgumentException("--outage '" + spec + "': expected START:SECONDS, e.g. 20:5");
            }
            try {
                return new Outage(Double.parseDouble(p[0]), Double.parseDouble(p[1]));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("--outage '" + spec + "': expected START:SECONDS, e.g. 20:5");
            }
        }

        boolean covers(double t) {
            return t >= startS && t < startS + seconds;
        }

        double endS() {
            return startS + seconds;
        }
    }

    /** One rate change: {@code atS} seconds into the replay the link was set to {@code mbps} (0 = down). */
    public record Step(double atS, double mbps) {}

    private static final int MAX_STEPS = 1_000_000;

    private final BandwidthTrace trace;
    private final List<Outage> outages;
    private final DoubleConsumer setRate;
    private final List<Step> steps = new ArrayList<>();
    private final Thread thread;
    private volatile long originNanos;
    private volatile boolean stopped;
    private volatile RuntimeException failure;

    /**
     * @param trace   the uplink to replay
     * @param outages windows when the link is down
     * @param setRate applies a rate in Mbps (0 = down), for instance {@link KernelLink#rate}
     */
    public TraceReplay(BandwidthTrace trace, List<Outage> outages, DoubleConsumer setRate) {
        this.trace = trace;
        this.outages = List.copyOf(outages);
        this.setRate = setRate;
        this.thread = new Thread(this::replay, "janus-trace-replay");
        thread.setDaemon(true);
    }

    /** Starts the replay now: its time 0 is this call. */
    public TraceReplay start() {
        originNanos = System.nanoTime();
        thread.start();
        return this;
    }

    public boolean started() {
        return thread.isAlive() || originNanos != 0;
    }

    /** Seconds since {@link #start}. */
    public double elapsedS() {
        return (System.nanoTime() - originNanos) / 1e9;
    }

    /** The rate the replay wants at {@code t} seconds: the trace's, or 0 in an outage. */
    public double mbpsAt(double t) {
        for (Outage o : outages) {
            if (o.covers(t)) {
                return 0;
            }
        }
        return trace.mbpsAt(t);
    }

    /** When the wanted rate may change next after {@code t}: the next trace step or outage edge. */
    double nextChange(double t) {
        double next = trace.nextChange(t);
        for (Outage o : outages) {
            if (o.startS() > t) {
                next = Math.min(next, o.startS());
            }
            if (o.endS() > t) {
                next = Math.min(next, o.endS());
            }
        }
        return next;
    }

    private void replay() {
        double t = 0;
        try {
            while (!stopped) {
                double mbps = mbpsAt(t);
                setRate.accept(mbps);
                synchronized (steps) {
                    if (steps.size() < MAX_STEPS) {
                        steps.add(new Step(elapsedS(), mbps));
                    }
                }
                t = nextChange(t + 1e-9);
                long wake = originNanos + Math.round(t * 1e9);
                for (long left = wake - System.nanoTime(); left > 0 && !stopped; left = wake - System.nanoTime()) {
                    LockSupport.parkNanos(Math.min(left, 50_000_000L));
                }
            }
        } catch (RuntimeException e) {
            failure = e;
        }
    }

    /** The changes applied so far, in order. */
    public List<Step> steps() {
        synchronized (steps) {
            return List.copyOf(steps);
        }
    }

    /** Stops the replay; rethrows what made it fail, if anything did. */
    @Override
    public void close() {
        stopped = true;
        LockSupport.unpark(thread);
        try {
            thread.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (failure != null) {
            throw new IllegalStateException(String.format(Locale.ROOT, "trace replay failed: %s", failure.getMessage()), failure);
        }
    }
}
