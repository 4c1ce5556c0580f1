package io.janus.bench.sim;

import io.janus.profile.Timings;
import java.util.Arrays;
import java.util.List;

/**
 * What the paper reports per policy and trace.
 *
 * @param trace           trace name
 * @param policy          policy name
 * @param frames          frames served
 * @param violationRatio  share of frames whose latency exceeded the SLA
 * @param throughputFps   frames per second of replay (frames / time until the last one was done)
 * @param accuracy        mean expected accuracy of the choices; NaN when the scenario has no accuracy profile
 * @param deviationRate   mean of (latency − SLA) / SLA over all frames: negative when frames finish early
 * @param meanAlpha       mean declining rate α; NaN for the baselines' constant schedule
 * @param meanSplit       mean split point (0 cloud-only … L+1 device-only)
 * @param p50Ms           median latency
 * @param p95Ms           95th percentile latency
 */
public record Metrics(String trace, String policy, int frames, double violationRatio, double throughputFps,
        double accuracy, double deviationRate, double meanAlpha, double meanSplit, double p50Ms, double p95Ms) {

    public static Metrics of(String trace, Run run) {
        List<Frame> frames = run.frames();
        if (frames.isEmpty()) {
            throw new IllegalArgumentException(trace + ": " + run.policy() + " served no frame");
        }
        double lastDone = frames.stream().mapToDouble(Frame::doneS).max().orElseThrow();
        return of(trace, run.policy(), frames.stream().mapToDouble(Frame::latencyMs).toArray(), run.slaMs(),
                Math.max(run.seconds(), lastDone), mean(frames, f -> f.choice().accuracy()),
                mean(frames, f -> f.choice().alpha()), mean(frames, f -> f.choice().splitPoint()));
    }

    /**
     * The metrics of frames given by their latencies, whether simulated or measured.
     *
     * @param latencyMs  each frame's latency, in any order
     * @param seconds    the time the frames took to serve (throughput's denominator)
     */
    public static Metrics of(String trace, String policy, double[] latencyMs, double slaMs, double seconds,
            double accuracy, double meanAlpha, double meanSplit) {
        if (latencyMs.length == 0) {
            throw new IllegalArgumentException(trace + ": " + policy + " served no frame");
        }
        double[] latency = latencyMs.clone();
        Arrays.sort(latency);
        return new Metrics(trace, policy, latency.length,
                Arrays.stream(latency).filter(ms -> ms > slaMs).count() / (double) latency.length,
                latency.length / seconds, accuracy,
                Arrays.stream(latency).map(ms -> (ms - slaMs) / slaMs).average().orElseThrow(),
                meanAlpha, meanSplit, Timings.percentile(latency, 0.50), Timings.percentile(latency, 0.95));
    }

    private static double mean(List<Frame> frames, java.util.function.ToDoubleFunction<Frame> value) {
        return frames.stream().mapToDouble(value).average().orElse(Double.NaN);
    }
}
