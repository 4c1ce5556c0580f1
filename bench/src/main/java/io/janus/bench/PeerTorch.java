package io.janus.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Runs {@code bench/scripts/peer_torch.py} (Debian's python3-torch) for the same forward, in the same benchmark run. */
public final class PeerTorch {

    /** The peer's median forward time, or why it could not run. */
    public record Result(boolean available, double ms, String version, String reason) {}

    private static final Path PYTHON = Path.of("/usr/bin/python3");
    private static final Pattern OUTPUT = Pattern.compile("forward_ms median=([0-9.]+) .*torch=(\\S+)");

    private PeerTorch() {
    }

    public static Result run(Path projectHome, Path model, int threads, int warmup, int runs) {
        Path script = projectHome.resolve("bench/scripts/peer_torch.py");
        if (!Files.isExecutable(PYTHON) || !Files.isRegularFile(script)) {
            return new Result(false, 0, "", "needs " + PYTHON + " and " + script);
        }
        ProcessBuilder pb = new ProcessBuilder(List.of(PYTHON.toString(), script.toString(), model.toString(),
                "--threads", Integer.toString(threads), "--warmup", Integer.toString(warmup), "--runs", Integer.toString(runs)));
        pb.environment().put("OPENBLAS_NUM_THREADS", "1"); // torch's own threads only, as the Janus engine uses
        pb.redirectErrorStream(true);
        try {
            Process p = pb.start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(10, TimeUnit.MINUTES) || p.exitValue() != 0) {
                String last = out.strip().lines().reduce((a, b) -> b).orElse("");
                return new Result(false, 0, "", "peer_torch.py failed (install python3-torch python3-numpy): " + last);
            }
            Matcher m = OUTPUT.matcher(out);
            return m.find() ? new Result(true, Double.parseDouble(m.group(1)), "torch " + m.group(2), "")
                    : new Result(false, 0, "", "unexpected peer output: " + out.strip());
        } catch (IOException e) {
            return new Result(false, 0, "", e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Result(false, 0, "", "interrupted");
        }
    }
}
