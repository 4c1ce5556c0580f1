package io.janus.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Where the launcher runs from, so that relative defaults (models/, traces/, data/) work from any directory. */
final class Launcher {

    /**
     * The class a child JVM runs: a name, not a class reference, so that the commands that start a child do not
     * depend on the root command that lists them (no Janus → BenchCommand → BenchE2eCommand → Janus loop);
     * JanusCliTest checks that it names {@link Janus}.
     */
    static final String MAIN_CLASS = "io.janus.cli.Janus";

    private Launcher() {
    }

    /** The java command line that runs {@code ./janus} in a child JVM on this one's class path, up to the subcommand. */
    static List<String> childJvm(List<String> jvmOptions) {
        List<String> cmd = new ArrayList<>();
        cmd.add(ProcessHandle.current().info().command().orElse("java"));
        cmd.addAll(jvmOptions);
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), MAIN_CLASS));
        return cmd;
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
