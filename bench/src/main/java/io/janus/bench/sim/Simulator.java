package io.janus.bench.sim;

import io.janus.plan.BandwidthEstimator;
import io.janus.plan.Choice;
import io.janus.plan.LinkEstimate;
import io.janus.trace.BandwidthTrace;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Replays a bandwidth trace through a policy, one frame at a time on simulated time. A frame's service time is
 * edge compute + the transfer of its payload through the time-varying trace + one RTT + cloud compute (only the
 * edge compute when device-only). After each transfer the policy's bandwidth estimator records it, stamped with
 * the simulated time at which the edge learns its duration (when the reply arrives).
 *
 * <p>Two arrival processes: closed loop (the next frame starts when the previous one is done, as in the paper)
 * and a camera at a fixed frame rate whose frames wait in an unbounded FIFO queue while one frame is served.
 * Only one frame is in service at a time: the edge does not compute frame n+1 while frame n is on the link.
 */
public final class Simulator {

    /** One frame's service time, in milliseconds, by stage. */
    public record Service(double edgeMs, double transferMs, double rttMs, double cloudMs) {
        public double totalMs() {
            return edgeMs + transferMs + rttMs + cloudMs;
        }
    }

    /** What a frame's computation takes in the replay, for a frame starting {@code startS} seconds in. */
    public interface Compute {
        double edgeMs(Choice choice, double startS);

        double cloudMs(Choice choice, double startS);
    }

    /** The profiles' prediction: the choice's own edge and cloud times. */
    public static final Compute PREDICTED = new Compute() {
        @Override
        public double edgeMs(Choice choice, double startS) {
            return choice.edgeMs();
        }

        @Override
        public double cloudMs(Choice choice, double startS) {
            return choice.cloudMs();
        }
    };

    private final BandwidthTrace trace;
    private final double rttMs;
    private final double priorMbps;
    private final double slaMs;
    private final Compute compute;

    public Simulator(BandwidthTrace trace, double rttMs, double priorMbps, double slaMs) {
        this(trace, rttMs, priorMbps, slaMs, PREDICTED);
    }

    private Simulator(BandwidthTrace trace, double rttMs, double priorMbps, double slaMs, Compute compute) {
        this.trace = trace;
        this.rttMs = rttMs;
        this.priorMbps = priorMbps;
        this.slaMs = slaMs;
        this.compute = compute;
    }

    /** The same replay with compute times from {@code c} instead of the profiles' prediction. */
    public Simulator withCompute(Compute c) {
        return new Simulator(trace, rttMs, priorMbps, slaMs, c);
    }

    /** The service time of {@code choice} for a frame that starts at {@code startSeconds}. */
    public static Service serviceMs(Choice choice, double startSeconds, BandwidthTrace trace, double rttMs) {
        return serviceMs(choice, startSeconds, trace, rttMs, PREDICTED);
    }

    private static Service serviceMs(Choice choice, double startSeconds, BandwidthTrace trace, double rttMs, Compute compute) {
        double edgeMs = compute.edgeMs(choice, startSeconds);
        if (!choice.usesNetwork()) {
            return new Service(edgeMs, 0, 0, 0);
        }
        double sendAt = startSeconds + edgeMs / 1000;
        double transferMs = (trace.transferEnd(sendAt, choice.payloadBytes()) - sendAt) * 1000;
        return new Service(edgeMs, transferMs, rttMs, compute.cloudMs(choice, startSeconds));
    }

    /** Frames back to back over one period of the trace: the next starts when the previous is done. */
    public Run closedLoop(Policy policy) {
        return closedLoop(policy, trace.period());
    }

    /**
     * Frames back to back for {@code seconds} (the trace loops when longer): the next starts when the previous is
     * done; the last one starts before {@code seconds}, as a measured run of that duration would.
     */
    public Run closedLoop(Policy policy, double seconds) {
        if (!(seconds > 0) || Double.isInfinite(seconds)) {
            throw new IllegalArgumentException("closed-loop duration must be > 0 s, got " + seconds);
        }
        Replay replay = new Replay(policy);
        for (double t = 0; t < seconds; ) {
            t = replay.serve(t, t);
        }
        return replay.run(seconds);
    }

    /** Frames arriving every 1/fps seconds during one period of the trace, queued while another is served. */
    public Run camera(Policy policy, double fps) {
        if (!(fps > 0) || Double.isInfinite(fps)) {
            throw new IllegalArgumentException("camera frame rate must be > 0 frames/s, got " + fps);
        }
        Replay replay = new Replay(policy);
        double free = 0;
        for (long i = 0; i / fps < trace.period(); i++) {
            double arrival = i / fps;
            free = replay.serve(arrival, Math.max(arrival, free));
        }
        return replay.run();
    }

    /** One policy's replay: its estimator on simulated time and the frames served so far. */
    private final class Replay {
        private final Policy policy;
        private final long[] clockNanos = new long[1];
        private final BandwidthEstimator estimator;
        private final List<Frame> frames = new ArrayList<>();

        Replay(Policy policy) {
            this.policy = policy;
            this.estimator = new BandwidthEstimator(BandwidthEstimator.DEFAULT_K, priorMbps, rttMs,
                    TimeUnit.MILLISECONDS.toNanos(BandwidthEstimator.DEFAULT_MAX_AGE_MS), () -> clockNanos[0]);
        }

        /** Serves a frame that arrived at {@code arrival} and starts at {@code start}; returns when it is done. */
        double serve(double arrival, double start) {
            clockNanos[0] = nanos(start);
            double waitMs = (start - arrival) * 1000;
            double estimate = estimator.estimateMbps();
            Choice choice = policy.choose(LinkEstimate.of(estimator, slaMs), start, slaMs - waitMs);
            Service s = serviceMs(choice, start, trace, rttMs, compute);
            if (choice.splitPoint() > 0) {
                policy.edgeMeasured(choice, s.edgeMs());
            }
            double done = start + s.totalMs() / 1000;
            if (choice.usesNetwork()) {
                clockNanos[0] = nanos(done);
                estimator.record(choice.payloadBytes(), s.transferMs());
            }
            frames.add(new Frame(frames.size(), arrival, start, choice, estimate, s, waitMs));
            return done;
        }

        Run run() {
            return run(trace.period());
        }

        Run run(double seconds) {
            return new Run(policy.name(), slaMs, seconds, List.copyOf(frames));
        }
    }

    private static long nanos(double seconds) {
        return Math.round(seconds * 1e9);
    }
}
