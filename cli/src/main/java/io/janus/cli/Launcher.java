package io.janus.cli;

import java.nio.file.Files;
import java.nio.file.Path;

/** Where the launcher runs from, so that relative defaults (models/, traces/, data/) work from any directory. */
final class Launcher {

    private Launcher() {
    }

    /** The project folder: where the {@code ./janus} script lives, else the nearest folder above holding it. */
    static Path home() {
        String home = System.getProperty("janus.home");
        if (home != null) {
            return Path.of(home);
        }
        Path cwd = Path.of("").toAbsolutePath();
        for (Path dir = cwd; dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("janus")) && Files.isDirectory(dir.resolve("models"))) {
                return dir;
            }
        }
        return cwd;
    }

    /** A relative path that does not exist from the working directory is looked up in the project folder. */
    static Path resolve(Path path) {
        if (path.isAbsolute() || Files.exists(path)) {
            return path;
        }
        Path inHome = home().resolve(path);
        return Files.exists(inHome) ? inHome : path;
    }

    /** The shipped model, the default of every command that runs one. */
    static Path model() {
        return home().resolve("models/vit-tiny-mnist");
    }

    /**
     * One PyTorch thread per frame unless the user chose otherwise: frames run in parallel on workers, and OpenMP
     * thread pools on a busy 2-core machine cost far more than they give.
     */
    static void computeThreads() {
        System.setProperty("ai.djl.pytorch.num_threads", System.getProperty("ai.djl.pytorch.num_threads", "1"));
        System.setProperty("ai.djl.pytorch.num_interop_threads", System.getProperty("ai.djl.pytorch.num_interop_threads", "1"));
    }
}
