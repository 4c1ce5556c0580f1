package io.janus.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Runs {@code bench/scripts/peer_torch.py} on the same weights, thread count, batches and schedules, in the same
 * benchmark run, with the project's Python ({@link PythonEnv}; PyPI's torch).
 */
public final class PeerTorch {

    /**
     * What the peer measured, or why it could not run.
     *
     * @param forwardMs median forward wall time per "schedule@batch"
     * @param forwardCpuMs median forward CPU time of the computing thread per "schedule@batch"
     * @param warnings  the peer's warnings (e.g. the reference BLAS), to print as they are
     */
    public record Result(boolean available, Map<String, Double> forwardMs, Map<String, Double> forwardCpuMs, double loadMs, double peakRssMb,
                         String version, List<String> warnings, String reason) {
        static Result unavailable(String reason) {
            return new Result(false, Map.of(), Map.of(), 0, 0, "", List.of(), reason);
        }

        public Double ms(String schedule, int batch) {
            return forwardMs.get(key(schedule, batch));
        }

        public Double cpuMs(String schedule, int batch) {
            return forwardCpuMs.get(key(schedule, batch));
        }
    }

    private static final Pattern FORWARD = Pattern.compile("forward schedule=(\\S+) batch=(\\d+) median_ms=([0-9.]+) cpu_ms=([0-9.]+)");
    private static final Pattern SUMMARY = Pattern.compile("load_ms=([0-9.]+) peak_rss_mb=([0-9.]+) torch=(\\S+) blas=(\\S+)");
    private static final long TIMEOUT_MINUTES = 60;

    private PeerTorch() {
    }

    static String key(String schedule, int batch) {
        return schedule + "@" + batch;
    }

    public static Result run(Path projectHome, Path python, Path model, int threads, int warmup, int runs,
                             double budgetSeconds, List<Integer> batches, List<String> schedules) {
        Path script = projectHome.resolve("bench/scripts/peer_torch.py");
        if (!Files.isRegularFile(script)) {
            return Result.unavailable("needs " + script);
        }
        List<String> cmd = List.of(python.toString(), script.toString(), model.toString(),
                "--threads", Integer.toString(threads), "--warmup", Integer.toString(warmup), "--runs", Integer.toString(runs),
                "--budget-s", Double.toString(budgetSeconds),
                "--batch", String.join(",", batches.stream().map(String::valueOf).toList()),
                "--schedules", String.join(",", schedules));
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().put("OPENBLAS_NUM_THREADS", "1"); // torch's own threads only, as the Janus engine uses
        pb.environment().put("OMP_NUM_THREADS", Integer.toString(threads));
        pb.redirectErrorStream(true);
        try {
            Process p = pb.start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(TIMEOUT_MINUTES, TimeUnit.MINUTES) || p.exitValue() != 0) {
                p.destroyForcibly();
                String last = out.strip().lines().reduce((a, b) -> b).orElse("");
                return Result.unavailable("peer_torch.py failed (bench/scripts/python-env installs its Python): " + last);
            }
            return parse(out);
        } catch (IOException e) {
            return Result.unavailable(e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Result.unavailable("interrupted");
        }
    }

    public static Result unavailableBecause(String reason) {
        return Result.unavailable(reason);
    }

    static Result parse(String out) {
        Map<String, Double> ms = new HashMap<>();
        Map<String, Double> cpu = new HashMap<>();
        List<String> warnings = new ArrayList<>();
        Matcher summary = null;
        for (String line : out.lines().toList()) {
            Matcher f = FORWARD.matcher(line);
            Matcher s = SUMMARY.matcher(line);
            if (f.find()) {
                ms.put(key(f.group(1), Integer.parseInt(f.group(2))), Double.parseDouble(f.group(3)));
                cpu.put(key(f.group(1), Integer.parseInt(f.group(2))), Double.parseDouble(f.group(4)));
            } else if (s.find()) {
                summary = s;
            } else if (line.startsWith("warning:")) {
                warnings.add(line);
            }
        }
        if (summary == null || ms.isEmpty()) {
            return Result.unavailable("unexpected peer output: " + out.strip());
        }
        return new Result(true, Map.copyOf(ms), Map.copyOf(cpu), Double.parseDouble(summary.group(1)), Double.parseDouble(summary.group(2)),
                "torch " + summary.group(3) + ", " + summary.group(4), List.copyOf(warnings), "");
    }
}
