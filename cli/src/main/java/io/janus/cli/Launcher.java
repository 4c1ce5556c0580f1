package io.janus.cli;

import java.nio.file.Files;
import java.nio.file.Path;

/** Where the launcher runs from, so that relative defaults (models/, traces/) work from any directory. */
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
}
