package io.janus.bench.sim;

import io.janus.plan.Scheduler;
import io.janus.trace.BandwidthTrace;
import java.util.List;

/**
 * One scenario replayed over one trace by every policy.
 *
 * @param trace     trace name (file name without .csv)
 * @param bandwidth the trace
 * @param scenario  the scenario, with the RTT used for this trace
 * @param runs      one per policy, in table order
 * @param metrics   one per policy, in table order
 * @param elapsedMs wall-clock time of the replays
 */
public record Evaluation(String trace, BandwidthTrace bandwidth, Scenario scenario, List<Run> runs,
        List<Metrics> metrics, double elapsedMs) {

    public static Evaluation of(Scenario scenario, Scheduler scheduler, String traceName, BandwidthTrace trace,
            Arrivals arrivals) {
        long start = System.nanoTime();
        Simulator simulator = new Simulator(trace, scenario.rttMs(), scenario.priorMbps(), scenario.slaMs());
        List<Run> runs = Policies.all(scenario, scheduler, trace).stream()
                .map(p -> arrivals.replay(simulator, p)).toList();
        List<Metrics> metrics = runs.stream().map(r -> Metrics.of(traceName, r)).toList();
        return new Evaluation(traceName, trace, scenario, runs, metrics, (System.nanoTime() - start) / 1e6);
    }

    public Metrics metrics(String policy) {
        return metrics.stream().filter(m -> m.policy().equals(policy)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no policy " + policy));
    }

    public Run run(String policy) {
        return runs.stream().filter(r -> r.policy().equals(policy)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no policy " + policy));
    }
}
