package io.janus.cli;

import java.nio.file.Files;
import java.nio.file.Path;

/** Where the launcher runs from, so that relative defaults (models/, traces/) work from any directory. */
final class Launcher {

    private Launcher() {
    }

    /** The project folder the {@code ./janus} script lives in, or the working directory. */
    static Path home() {
        String home = System.getProperty("janus.home");
        return home == null ? Path.of("").toAbsolutePath() : Path.of(home);
    }

    /** A relative path that does not exist from the working directory is looked up in the project folder. */
    static Path resolve(Path path) {
        if (path.isAbsolute() || Files.exists(path)) {
            return path;
        }
        Path inHome = home().resolve(path);
        return Files.exists(inHome) ? inHome : path;
    }
}
