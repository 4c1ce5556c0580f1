package io.janus.process;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * A runtime in a child process, for the benchmarks and tests that need one of their own: its memory is its own (read
 * from /proc), and it can be killed for real. Started means answering (a health check passes); output goes to a log
 * file that a failure to start prints.
 */
public final class ChildProcess implements AutoCloseable {

    /** How long a runtime gets to exit after SIGTERM (it drains) before SIGKILL. */
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);

    private final String name;
    private final Process process;
    private final Path log;

    private ChildProcess(String name, Process process, Path log) {
        this.name = name;
        this.process = process;
        this.log = log;
    }

    /**
     * Runs {@code command}, its output to {@code log}, and waits until {@code answering} holds; a child that exits or
     * does not answer within {@code startTimeout} is killed and reported with its log.
     */
    public static ChildProcess start(String name, List<String> command, Path log, Duration startTimeout,
                                     BooleanSupplier answering) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        ChildProcess child = new ChildProcess(name, p, log);
        child.awaitAnswering(answering, startTimeout);
        return child;
    }

    /** {@code java} of this JVM with {@code jvmFlags}, this classpath and {@code mainClass}: a child of the same build. */
    public static List<String> javaCommand(List<String> jvmFlags, Class<?> mainClass) {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        cmd.addAll(jvmFlags);
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), mainClass.getName()));
        return cmd;
    }

    private void awaitAnswering(BooleanSupplier answering, Duration timeout) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!answering.getAsBoolean()) {
            if (!process.isAlive() || System.nanoTime() > deadline) {
                String why = process.isAlive() ? "did not answer within " + timeout.toSeconds() + " s"
                        : "exited with code " + process.exitValue();
                kill();
                throw new IllegalStateException("the " + name + " process " + why + "; its log: " + log + "\n"
                        + Files.readString(log));
            }
            Thread.sleep(100);
        }
    }

    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    public Path log() {
        return log;
    }

    /** SIGKILL, as a crash or an OOM kill would end it, and waits until it is gone. */
    public void kill() throws InterruptedException {
        process.destroyForcibly().waitFor();
    }

    /** Resident memory now (VmRSS), in bytes; -1 where /proc cannot tell. */
    public long residentBytes() {
        return procStatus(pid(), "VmRSS:");
    }

    /** Peak resident memory so far (VmHWM), in bytes; -1 where /proc cannot tell. */
    public long peakResidentBytes() {
        return procStatus(pid(), "VmHWM:");
    }

    /** A line of /proc/PID/status in bytes (the kernel writes kB); -1 where /proc is not there. */
    public static long procStatus(long pid, String key) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
                if (line.startsWith(key)) {
                    return Long.parseLong(line.replaceAll("\\D", "")) * 1024;
                }
            }
        } catch (IOException | RuntimeException e) {
            return -1;
        }
        return -1;
    }

    /** SIGTERM (a runtime drains and exits), SIGKILL after {@link #STOP_TIMEOUT}. */
    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
