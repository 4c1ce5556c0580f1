package io.janus.bench.sim;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The table, the janus-versus-baselines comparison and the CSV files of an evaluation. */
public final class Report {

    static final List<String> BASELINES = List.of(Policies.DEVICE_ONLY, Policies.CLOUD_ONLY, Policies.MIXED);
    /** Janus's violation ratio may exceed the oracle's by this factor (issue #6's target). */
    static final double ORACLE_FACTOR = 1.5;

    private Report() {
    }

    /** The metrics of every policy and trace as a markdown table. */
    public static String table(List<Evaluation> evaluations) {
        StringBuilder out = new StringBuilder();
        out.append("| trace | policy | frames | violations | throughput fps | accuracy | deviation | mean α | mean split"
                + " | p50 ms | p95 ms |\n");
        out.append("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        for (Evaluation e : evaluations) {
            for (Metrics m : e.metrics()) {
                out.append(String.format(Locale.ROOT, "| %s | %s | %d | %.1f%% | %.2f | %s | %+.1f%% | %s | %.1f | %.1f"
                        + " | %.1f |%n", m.trace(), m.policy(), m.frames(), 100 * m.violationRatio(), m.throughputFps(),
                        Double.isNaN(m.accuracy()) ? "n/a" : String.format(Locale.ROOT, "%.2f%%", 100 * m.accuracy()),
                        100 * m.deviationRate(), alpha(e, m), m.meanSplit(), m.p50Ms(), m.p95Ms()));
            }
        }
        return out.toString();
    }

    /** Per trace: janus's throughput and violations relative to each baseline, and the targets of issue #6. */
    public static String comparison(List<Evaluation> evaluations) {
        StringBuilder out = new StringBuilder();
        out.append("| trace | vs device-only | vs cloud-only | vs mixed | janus ≤ baselines | janus ≤ 1.5× oracle |\n");
        out.append("|---|---|---|---|---|---|\n");
        for (Evaluation e : evaluations) {
            Metrics janus = e.metrics(Policies.JANUS);
            List<String> cells = new ArrayList<>();
            boolean beatsAll = true;
            for (String b : BASELINES) {
                Metrics base = e.metrics(b);
                cells.add(String.format(Locale.ROOT, "×%.2f fps; violations %.2f%% → %.2f%% (%s)",
                        janus.throughputFps() / base.throughputFps(), 100 * base.violationRatio(),
                        100 * janus.violationRatio(), reduction(base.violationRatio(), janus.violationRatio())));
                beatsAll &= janus.violationRatio() <= base.violationRatio();
            }
            double oracle = e.metrics(Policies.ORACLE).violationRatio();
            boolean nearOracle = janus.violationRatio() <= ORACLE_FACTOR * oracle;
            out.append(String.format(Locale.ROOT, "| %s | %s | %s | %s | %s | %s (%.2f%% vs %.2f%%) |%n", e.trace(),
                    cells.get(0), cells.get(1), cells.get(2), beatsAll ? "yes" : "**no**", nearOracle ? "yes" : "**no**",
                    100 * janus.violationRatio(), 100 * oracle));
        }
        return out.toString();
    }

    /** One row per trace and policy: the table's numbers at full precision. */
    public static void writeSummaryCsv(List<Evaluation> evaluations, Path file) throws IOException {
        List<String> lines = new ArrayList<>();
        lines.add("scenario,trace,rtt_ms,sla_ms,policy,frames,violation_ratio,throughput_fps,accuracy,deviation_rate,"
                + "mean_alpha,mean_split,p50_ms,p95_ms");
        for (Evaluation e : evaluations) {
            for (Metrics m : e.metrics()) {
                lines.add(String.join(",", e.scenario().name(), m.trace(), num(e.scenario().rttMs()),
                        num(e.scenario().slaMs()), m.policy(), Integer.toString(m.frames()), num(m.violationRatio()),
                        num(m.throughputFps()), num(m.accuracy()), num(m.deviationRate()), num(m.meanAlpha()),
                        num(m.meanSplit()), num(m.p50Ms()), num(m.p95Ms())));
            }
        }
        write(file, lines);
    }

    /** Every frame of every policy on one trace. */
    public static void writeFramesCsv(Evaluation e, Path file) throws IOException {
        List<String> lines = new ArrayList<>();
        lines.add("policy,frame,arrival_s,start_s,schedule,alpha,split,mode,payload_bytes,estimate_mbps,wait_ms,edge_ms,"
                + "transfer_ms,rtt_ms,cloud_ms,latency_ms");
        for (Run r : e.runs()) {
            for (Frame f : r.frames()) {
                lines.add(String.join(",", r.policy(), Integer.toString(f.index()), num(f.arrivalS()), num(f.startS()),
                        f.choice().schedule().toString(), num(f.choice().alpha()),
                        Integer.toString(f.choice().splitPoint()), f.choice().mode().name().toLowerCase(Locale.ROOT),
                        Long.toString(f.choice().payloadBytes()), num(f.estimateMbps()), num(f.waitMs()),
                        num(f.service().edgeMs()), num(f.service().transferMs()), num(f.service().rttMs()),
                        num(f.service().cloudMs()), num(f.latencyMs())));
            }
        }
        write(file, lines);
    }

    /** The relative change of the violation ratio: "-93.1%" is fewer violations; "=" when both are 0. */
    static String reduction(double baseline, double janus) {
        if (baseline == 0) {
            return janus == 0 ? "=" : "new";
        }
        return String.format(Locale.ROOT, "%+.1f%%", 100 * (janus - baseline) / baseline);
    }

    private static String alpha(Evaluation e, Metrics m) {
        return Double.isNaN(m.meanAlpha()) ? e.scenario().baselineSchedule().toString()
                : String.format(Locale.ROOT, "%.3f", m.meanAlpha());
    }

    private static String num(double v) {
        return Double.isNaN(v) ? "" : String.format(Locale.ROOT, "%.6g", v);
    }

    private static void write(Path file, List<String> lines) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        Files.write(file, lines);
    }
}
