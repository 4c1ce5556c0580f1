package io.janus.bench;

import io.janus.model.ModelException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A timm architecture with random weights, made on the fly by {@code bench/scripts/timm_reference.py} and cached
 * under {@code ~/.cache/janus/bench-models} by a hash of the script, the architecture and the seed.
 */
public final class TimmModels {

    private static final long TIMEOUT_MINUTES = 20;

    private TimmModels() {
    }

    public static Path folder(Path projectHome, Path python, String arch, int seed) {
        Path script = projectHome.resolve("bench/scripts/timm_reference.py");
        Path folder = cacheRoot().resolve(arch + "-" + hash(script, arch + "/" + seed));
        if (Files.isRegularFile(folder.resolve("model.safetensors"))) {
            return folder;
        }
        try {
            Process p = new ProcessBuilder(List.of(python.toString(), script.toString(), "--arch", arch, "--seed",
                    Integer.toString(seed), "--no-reference", "--out", folder.toString()))
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.INHERIT).start();
            if (!p.waitFor(TIMEOUT_MINUTES, TimeUnit.MINUTES) || p.exitValue() != 0) {
                p.destroyForcibly();
                throw new ModelException(script + " --arch " + arch + " failed (its output is above)");
            }
            return folder;
        } catch (IOException e) {
            throw new ModelException(script + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ModelException("interrupted while generating " + arch, e);
        }
    }

    private static Path cacheRoot() {
        String dir = System.getenv("JANUS_BENCH_MODELS_DIR");
        return dir != null && !dir.isBlank() ? Path.of(dir) : Path.of(System.getProperty("user.home"), ".cache", "janus", "bench-models");
    }

    private static String hash(Path script, String key) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            md.update(Files.readAllBytes(script));
            md.update(key.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(md.digest()).substring(0, 12);
        } catch (IOException e) {
            throw new ModelException(script + ": cannot read: " + e.getMessage(), e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
