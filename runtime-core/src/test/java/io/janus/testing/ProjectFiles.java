package io.janus.testing;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;

/** Locates the files the project ships (model, digits, fixtures) and the optional ../shared material. */
public final class ProjectFiles {

    private ProjectFiles() {
    }

    /** The project root: the nearest directory above the working directory that holds the shipped model. */
    public static Path root() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.isDirectory(dir.resolve("models/vit-tiny-mnist"))) {
            dir = dir.getParent();
        }
        if (dir == null) {
            throw new IllegalStateException("no models/vit-tiny-mnist above " + Path.of("").toAbsolutePath());
        }
        return dir;
    }

    public static Path model() {
        return root().resolve("models/vit-tiny-mnist");
    }

    public static Path digits() {
        return root().resolve("data/mnist-test.safetensors");
    }

    public static Path fixture(String name) {
        return root().resolve("fixtures").resolve(name);
    }

    public static Path bundledTrace(String name) {
        return root().resolve("traces").resolve(name);
    }

    /** A trace from ../shared/traces; skips the calling test, saying why, when it is not there. */
    public static Path sharedTrace(String name) {
        Path trace = root().resolve("../shared/traces").resolve(name).normalize();
        assumeTrue(Files.isRegularFile(trace), "skipped: " + trace + " is absent (traces not bundled with Janus)");
        return trace;
    }
}
