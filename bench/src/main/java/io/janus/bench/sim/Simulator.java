package io.janus.bench.sim;

import io.janus.edge.EdgeOptions;
import io.janus.edge.EdgeRuntime;
import io.janus.plan.BandwidthEstimator;
import io.janus.plan.Choice;
import io.janus.plan.Decider;
import io.janus.plan.Decision;
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

    /**
     * One frame's service time, in milliseconds, by stage; {@code deviceMs} is the device finishing a frame the cloud
     * did not: its call ran out of time (then {@code transferMs} is the time waited, and there is no RTT or cloud time),
     * or the circuit breaker was open (then the device computed all of it).
     */
    public record Service(double edgeMs, double transferMs, double rttMs, double cloudMs, double deviceMs) {
        public Service(double edgeMs, double transferMs, double rttMs, double cloudMs) {
            this(edgeMs, transferMs, rttMs, cloudMs, 0);
        }

        public double totalMs() {
            return edgeMs + transferMs + rttMs + cloudMs + deviceMs;
        }

        public boolean fellBack() {
            return deviceMs > 0;
        }
    }

    /**
     * The edge runtime's deadlines: a networked frame's call may take what is left of the SLA after the edge's share
     * (at least a quarter of the SLA); one that needs longer is cut there and finished on the device from its split on,
     * under the device-only choice {@code onDevice} gives for it and what is left of its SLA. As the runtime's, the
     * estimate then reads the link as down when the call had ample time ({@link EdgeRuntime#OUTAGE_EVIDENCE}), until a
     * probe ({@link #PROBE_BYTES}, sent at the timeout) measures it; while device-only the link is probed too. As the
     * runtime's circuit breaker, {@link #BREAKER_THRESHOLD} failed calls in a row put every frame on the device (under
     * the policy's {@link Decider#onDevice} plan) until one of the probes it sends every {@link #PROBE_INTERVAL_S}
     * answers.
     */
    public interface Deadlines {
        Choice onDevice(Choice choice, double leftMs);
    }

    /** The runtime's probe padding (its UplinkProber's) and the least time between its probes (the default interval). */
    static final int PROBE_BYTES = 12 * 1024;
    static final double PROBE_INTERVAL_S = EdgeOptions.defaults(1).probeInterval().toNanos() / 1e9;
    /** What a probe without padding puts on the link (a gRPC call's frames); how long its padded and empty calls may take. */
    static final int EMPTY_PROBE_BYTES = 100;
    static final double PROBE_TIMEOUT_MS = EdgeRuntime.PROBE_TIMEOUT.toNanos() / 1e6;
    static final double REACH_TIMEOUT_MS = EdgeRuntime.REACH_TIMEOUT.toNanos() / 1e6;
    /** Failed calls in a row that open the runtime's circuit breaker (its default). */
    static final int BREAKER_THRESHOLD = EdgeOptions.defaults(1).breakerThreshold();

    /**
     * What a frame's computation and round trip take in the replay, for a frame starting {@code startS} seconds in;
     * {@code rttMs} is the simulator's RTT, for costs that keep it.
     */
    public interface Costs {
        double edgeMs(Choice choice, double startS);

        double cloudMs(Choice choice, double startS);

        double rttMs(double startS, double rttMs);
    }

    /** The profiles' prediction and the simulator's RTT: every frame exactly as modelled. */
    public static final Costs PREDICTED = new Costs() {
        @Override
        public double edgeMs(Choice choice, double startS) {
            return choice.edgeMs();
        }

        @Override
        public double cloudMs(Choice choice, double startS) {
            return choice.cloudMs();
        }

        @Override
        public double rttMs(double startS, double rttMs) {
            return rttMs;
        }
    };

    /**
     * How one simulated probe of the uplink ended: when (s), the padding's time on the link and the empty call's round
     * trip (ms); {@code linkMs} is NaN when one of its calls ran out of the probe timeout.
     */
    private record Probe(double endS, double linkMs, double rttMs) {
        static Probe timedOut(double callSentS, double timeoutMs) {
            return new Probe(callSentS + timeoutMs / 1000, Double.NaN, Double.NaN);
        }

        boolean answered() {
            return !Double.isNaN(linkMs);
        }
    }

    private final BandwidthTrace trace;
    private final double rttMs;
    private final double priorMbps;
    private final double slaMs;
    private final Costs costs;
    private final Deadlines deadlines;

    public Simulator(BandwidthTrace trace, double rttMs, double priorMbps, double slaMs) {
        this(trace, rttMs, priorMbps, slaMs, PREDICTED, null);
    }

    private Simulator(BandwidthTrace trace, double rttMs, double priorMbps, double slaMs, Costs costs, Deadlines deadlines) {
        this.trace = trace;
        this.rttMs = rttMs;
        this.priorMbps = priorMbps;
        this.slaMs = slaMs;
        this.costs = costs;
        this.deadlines = deadlines;
    }

    /** The same replay with compute times and round trips from {@code c} instead of the model's. */
    public Simulator withCosts(Costs c) {
        return new Simulator(trace, rttMs, priorMbps, slaMs, c, deadlines);
    }

    /** The same replay with the runtime's deadlines (without them a late call is waited for, however late). */
    public Simulator withDeadlines(Deadlines d) {
        return new Simulator(trace, rttMs, priorMbps, slaMs, costs, d);
    }

    /** The service time of {@code choice} for a frame that starts at {@code startSeconds}. */
    public static Service serviceMs(Choice choice, double startSeconds, BandwidthTrace trace, double rttMs) {
        return serviceMs(choice, startSeconds, trace, rttMs, PREDICTED);
    }

    private static Service serviceMs(Choice choice, double startSeconds, BandwidthTrace trace, double rttMs, Costs costs) {
        double edgeMs = costs.edgeMs(choice, startSeconds);
        if (!choice.usesNetwork()) {
            return new Service(edgeMs, 0, 0, 0);
        }
        double sendAt = startSeconds + edgeMs / 1000;
        double transferMs = (trace.transferEnd(sendAt, choice.payloadBytes()) - sendAt) * 1000;
        return new Service(edgeMs, transferMs, costs.rttMs(startSeconds, rttMs), costs.cloudMs(choice, startSeconds));
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
        private final Decider decider;
        private final long[] clockNanos = new long[1];
        private final BandwidthEstimator estimator;
        private final List<Frame> frames = new ArrayList<>();
        /** A probe sent after a timeout or while device-only, until it ends. */
        private Probe pendingProbe;
        private double lastProbeS = Double.NEGATIVE_INFINITY;
        /** The runtime's circuit breaker: failed calls in a row, since when it is open (-1: closed), its next probe. */
        private int failuresInARow;
        private double breakerOpenSinceS = -1;
        private double nextBreakerProbeS;

        Replay(Policy policy) {
            this.policy = policy;
            this.decider = policy.decider();
            this.estimator = new BandwidthEstimator(BandwidthEstimator.DEFAULT_K, priorMbps, rttMs,
                    TimeUnit.MILLISECONDS.toNanos(BandwidthEstimator.DEFAULT_MAX_AGE_MS), () -> clockNanos[0]);
        }

        /** Serves a frame that arrived at {@code arrival} and starts at {@code start}; returns when it is done. */
        double serve(double arrival, double start) {
            advanceBreaker(start);
            applyProbe(start);
            clockNanos[0] = nanos(start);
            double waitMs = (start - arrival) * 1000;
            double estimate = estimator.estimateMbps();
            policy.frameStarts().at(start, slaMs - waitMs);
            Decision decision = decider.decide(LinkEstimate.of(estimator, slaMs));
            Choice choice = decision.choice();
            if (deadlines != null && choice.usesNetwork() && breakerOpenSinceS >= 0) {
                return onDeviceWhileOpen(arrival, start, waitMs, estimate, choice);
            }
            Service s = serviceMs(choice, start, trace, rttMs, costs);
            double callBudgetMs = Math.max(slaMs - waitMs - s.edgeMs(), slaMs / 4);
            if (deadlines != null && choice.usesNetwork() && s.transferMs() + s.rttMs() + s.cloudMs() > callBudgetMs) {
                return fallBack(arrival, start, waitMs, estimate, decision, s, callBudgetMs);
            }
            if (deadlines != null && !choice.usesNetwork()) {
                probe(start); // no frame measures the link while device-only: the runtime probes it
            }
            if (choice.splitPoint() > 0) {
                decider.edgeMeasured(decision, s.edgeMs());
            }
            if (choice.usesNetwork()) {
                decider.cloudMeasured(decision, s.cloudMs());
                failuresInARow = 0;
            }
            double done = start + s.totalMs() / 1000;
            if (choice.usesNetwork()) {
                clockNanos[0] = nanos(done);
                estimator.record(choice.payloadBytes(), s.transferMs());
                estimator.recordRtt(s.rttMs());
            }
            frames.add(new Frame(frames.size(), arrival, start, choice, estimate, s, waitMs));
            return done;
        }

        /** The call timed out: the device finishes the frame, the link reads as down, a probe goes out. */
        private double fallBack(double arrival, double start, double waitMs, double estimate, Decision decision,
                                Service s, double callBudgetMs) {
            Choice choice = decision.choice();
            double timeoutS = start + (s.edgeMs() + callBudgetMs) / 1000;
            Choice device = deadlines.onDevice(choice, slaMs - waitMs - s.edgeMs() - callBudgetMs);
            double remainingMs = costs.edgeMs(device, timeoutS) - (choice.splitPoint() == 0 ? 0 : s.edgeMs());
            Service fell = new Service(s.edgeMs(), callBudgetMs, 0, 0, Math.max(remainingMs, 1e-3));
            clockNanos[0] = nanos(timeoutS);
            double predictedCallMs = choice.transferMs(estimate) + estimator.rttMs() + choice.cloudMs();
            if (callBudgetMs >= EdgeRuntime.OUTAGE_EVIDENCE * predictedCallMs) {
                estimator.recordOutage();
            } else {
                decider.callTimedOut(decision, callBudgetMs);
            }
            probe(timeoutS);
            if (++failuresInARow >= BREAKER_THRESHOLD && breakerOpenSinceS < 0) {
                breakerOpenSinceS = timeoutS;
                nextBreakerProbeS = timeoutS + PROBE_INTERVAL_S;
            }
            frames.add(new Frame(frames.size(), arrival, start, choice, estimate, fell, waitMs));
            return start + fell.totalMs() / 1000;
        }

        /**
         * The breaker is open: the device computes the whole frame under the decider's plan for what is left of its
         * SLA (which then learns the time it took), else under the deadlines' plan.
         */
        private double onDeviceWhileOpen(double arrival, double start, double waitMs, double estimate, Choice planned) {
            Decision plan = decider.onDevice(estimator.rttMs(), slaMs - waitMs);
            Choice local = plan == null ? deadlines.onDevice(planned, slaMs - waitMs) : plan.choice();
            double ms = costs.edgeMs(local, start);
            if (plan != null) {
                decider.edgeMeasured(plan, ms);
            }
            probe(start);
            frames.add(new Frame(frames.size(), arrival, start, local, estimate, new Service(0, 0, 0, 0, ms), waitMs));
            return start + ms / 1000;
        }

        /**
         * The breaker's probes that have ended by {@code now}, one every {@link #PROBE_INTERVAL_S} from the last's start
         * (at once after one that timed out, which took longer): the first that answers closes the breaker and feeds
         * the estimate, as the runtime's does.
         */
        private void advanceBreaker(double now) {
            while (breakerOpenSinceS >= 0 && nextBreakerProbeS <= now) {
                Probe p = probeFrom(nextBreakerProbeS);
                if (p.endS() > now) {
                    return; // still under way: the breaker stays open for this frame
                }
                if (!p.answered()) {
                    nextBreakerProbeS = Math.max(p.endS(), nextBreakerProbeS + PROBE_INTERVAL_S);
                    continue;
                }
                record(p);
                breakerOpenSinceS = -1;
                failuresInARow = 0;
            }
        }

        /**
         * As the runtime's prober: at most one probe per {@link #PROBE_INTERVAL_S}, an empty call and then
         * {@link #PROBE_BYTES} through the trace; it feeds the estimate when it answers, and nothing when it times out.
         */
        private void probe(double nowS) {
            if (nowS - lastProbeS < PROBE_INTERVAL_S) {
                return;
            }
            lastProbeS = nowS;
            pendingProbe = probeFrom(nowS);
        }

        /** A probe sent at {@code sentS}: the empty call, then the padding, each within the probe timeout. */
        private Probe probeFrom(double sentS) {
            double probeRttMs = costs.rttMs(sentS, rttMs);
            double emptyMs = (trace.transferEnd(sentS, EMPTY_PROBE_BYTES) - sentS) * 1000 + probeRttMs;
            if (!(emptyMs <= REACH_TIMEOUT_MS)) {
                return Probe.timedOut(sentS, REACH_TIMEOUT_MS);
            }
            double paddedS = sentS + emptyMs / 1000;
            double linkMs = (trace.transferEnd(paddedS, PROBE_BYTES) - paddedS) * 1000;
            if (!(linkMs + probeRttMs <= PROBE_TIMEOUT_MS)) {
                return Probe.timedOut(paddedS, PROBE_TIMEOUT_MS);
            }
            return new Probe(paddedS + (linkMs + probeRttMs) / 1000, linkMs, emptyMs);
        }

        /** A probe that has ended by {@code now} feeds the estimate if it answered. */
        private void applyProbe(double now) {
            if (pendingProbe == null || pendingProbe.endS() > now) {
                return;
            }
            if (pendingProbe.answered()) {
                record(pendingProbe);
            }
            pendingProbe = null;
        }

        /** An answered probe's round trip and padding as estimator samples, stamped when it answered. */
        private void record(Probe p) {
            clockNanos[0] = nanos(p.endS());
            estimator.recordRtt(p.rttMs());
            estimator.record(PROBE_BYTES, p.linkMs());
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
