package io.janus.testing;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs {@code bench/scripts/timm_reference.py} for configurations of {@code bench/scripts/timm_matrix.json}, caching
 * each output folder under a hash of the script and the configuration, so CI regenerates only what changed.
 * Skips the calling test, saying why, when no Python with timm is installed ({@code bench/scripts/python-env}).
 */
public final class TimmReference {

    /** One matrix entry: its name, its JSON (the cache key with the script), and the error text if it must be refused. */
    public record Configuration(String name, JsonNode json, String refused) {}

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long GENERATION_TIMEOUT_MINUTES = 20;

    private TimmReference() {
    }

    public static List<Configuration> matrix() {
        try {
            JsonNode root = JSON.readTree(ProjectFiles.root().resolve("bench/scripts/timm_matrix.json").toFile());
            List<Configuration> out = new ArrayList<>();
            root.path("configurations").forEach(c -> out.add(new Configuration(c.path("name").asText(), c,
                    c.hasNonNull("refused") ? c.get("refused").asText() : null)));
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The output folder of each configuration, generating (in one Python process) those not cached yet. */
    public static List<Path> folders(List<Configuration> configurations) {
        Path python = python();
        Path script = ProjectFiles.root().resolve("bench/scripts/timm_reference.py");
        String scriptHash = sha256(read(script));
        ArrayNode missing = JSON.createArrayNode();
        List<Path> folders = new ArrayList<>();
        for (Configuration c : configurations) {
            Path folder = cacheRoot().resolve(c.name() + "-" + sha256(scriptHash + c.json()).substring(0, 12));
            folders.add(folder);
            if (!Files.isRegularFile(folder.resolve("config.json"))) {
                ObjectNode job = JSON.createObjectNode();
                job.put("arch", c.json().path("arch").asText());
                if (c.json().has("img")) {
                    job.put("img", c.json().get("img").asInt());
                }
                job.put("seed", c.json().path("seed").asInt(0));
                job.set("kwargs", c.json().path("kwargs"));
                job.put("no_reference", c.refused() != null);
                job.put("out", folder.toString());
                missing.add(job);
            }
        }
        if (!missing.isEmpty()) {
            generate(python, script, missing);
        }
        return folders;
    }

    private static void generate(Path python, Path script, ArrayNode jobs) {
        try {
            Files.createDirectories(cacheRoot());
            Path batch = Files.createTempFile(cacheRoot(), "batch-", ".json");
            Files.writeString(batch, jobs.toString());
            Process p = new ProcessBuilder(python.toString(), script.toString(), "--batch", batch.toString())
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.INHERIT).start();
            boolean done = p.waitFor(GENERATION_TIMEOUT_MINUTES, TimeUnit.MINUTES);
            if (!done) {
                p.destroyForcibly();
            }
            Files.deleteIfExists(batch);
            if (!done || p.exitValue() != 0) {
                throw new IllegalStateException(script + " failed" + (done ? " with exit code " + p.exitValue()
                        : " to finish within " + GENERATION_TIMEOUT_MINUTES + " minutes") + " (its output is above)");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while generating timm references", e);
        }
    }

    /** $JANUS_PYTHON, else the venv bench/scripts/python-env makes; skips when neither imports timm. */
    static Path python() {
        String env = System.getenv("JANUS_PYTHON");
        Path python = env != null && !env.isBlank() ? Path.of(env) : defaultVenv().resolve("bin/python");
        assumeTrue(Files.isExecutable(python), "skipped: no Python with timm at " + python
                + " (run bench/scripts/python-env, as .ci/run does, or set JANUS_PYTHON)");
        assumeTrue(imports(python), "skipped: " + python + " cannot import torch, timm and safetensors"
                + " (run bench/scripts/python-env)");
        return python;
    }

    private static boolean imports(Path python) {
        try {
            Process p = new ProcessBuilder(python.toString(), "-c", "import torch, timm, safetensors")
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            return p.waitFor(2, TimeUnit.MINUTES) && p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Same place and key as bench/scripts/python-env: the first 12 hex digits of requirements.txt's sha256. */
    private static Path defaultVenv() {
        String key = sha256(read(ProjectFiles.root().resolve("bench/scripts/requirements.txt"))).substring(0, 12);
        return janusCache("JANUS_PYTHON_ENV_DIR", "python").resolve(key);
    }

    private static Path cacheRoot() {
        return janusCache("JANUS_TIMM_REFERENCE_DIR", "timm-reference");
    }

    private static Path janusCache(String variable, String name) {
        String dir = System.getenv(variable);
        return dir != null && !dir.isBlank() ? Path.of(dir)
                : Path.of(System.getProperty("user.home"), ".cache", "janus", name);
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
