package io.janus.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The Python with torch and timm that the benchmarks drive: {@code $JANUS_PYTHON}, else the venv
 * {@code bench/scripts/python-env} makes (it installs bench/scripts/requirements.txt on first use).
 */
public final class PythonEnv {

    private static final long INSTALL_TIMEOUT_MINUTES = 30;

    private PythonEnv() {
    }

    /** The interpreter, or why there is none. */
    public record Found(Optional<Path> python, String reason) {}

    public static Found find(Path projectHome) {
        String env = System.getenv("JANUS_PYTHON");
        if (env != null && !env.isBlank()) {
            Path p = Path.of(env);
            return Files.isExecutable(p) ? new Found(Optional.of(p), "") : new Found(Optional.empty(), "JANUS_PYTHON=" + env + " is not executable");
        }
        Path script = projectHome.resolve("bench/scripts/python-env");
        try {
            Process p = new ProcessBuilder(script.toString()).redirectError(ProcessBuilder.Redirect.INHERIT).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(INSTALL_TIMEOUT_MINUTES, TimeUnit.MINUTES) || p.exitValue() != 0) {
                p.destroyForcibly();
                return new Found(Optional.empty(), script + " failed (see its output above)");
            }
            List<String> lines = out.strip().lines().toList();
            String last = lines.isEmpty() ? "" : lines.get(lines.size() - 1);
            return last.startsWith("PYTHON=") ? new Found(Optional.of(Path.of(last.substring(7))), "")
                    : new Found(Optional.empty(), script + " printed no PYTHON= line");
        } catch (IOException e) {
            return new Found(Optional.empty(), script + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Found(Optional.empty(), "interrupted");
        }
    }
}
