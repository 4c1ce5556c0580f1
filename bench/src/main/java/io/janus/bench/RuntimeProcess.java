package io.janus.bench;

import io.janus.cloud.CloudConfig;
import io.janus.cloud.CloudServer;
import io.janus.edge.CloudClient;
import io.janus.wire.TransportSecurity;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.UnaryOperator;

/**
 * A runtime under benchmark on loopback: {@code ./janus cloud} or {@code ./janus edge} in a child JVM (so that its
 * memory is its own and a benchmark can read it from /proc), or a cloud in this process. Started means answering: the
 * cloud's gRPC health service, the edge's {@code /healthz}.
 */
public final class RuntimeProcess implements AutoCloseable {

    /** JVM start, model load and warm-up; minutes on a loaded shared machine. */
    private static final Duration START_TIMEOUT = Duration.ofMinutes(5);

    private final String name;
    private final Process process;
    private final CloudServer inProcess;
    private final Path log;
    private final int port;

    private RuntimeProcess(String name, Process process, CloudServer inProcess, Path log, int port) {
        this.name = name;
        this.port = port;
        this.process = process;
        this.inProcess = inProcess;
        this.log = log;
    }

    /**
     * A plaintext cloud on 127.0.0.1:{@code port} with 2 workers and no metrics port.
     *
     * @param main the java command line up to (not including) the subcommand; null runs the cloud in this process
     */
    public static RuntimeProcess cloud(List<String> main, Path model, int port) throws Exception {
        return cloud(main, model, "127.0.0.1", port, List.of(), cmd -> cmd);
    }

    /** As above, with further {@code ./janus cloud} flags for the child process ({@code main} must not be null then). */
    public static RuntimeProcess cloud(List<String> main, Path model, int port, List<String> cloudFlags) throws Exception {
        return cloud(main, model, "127.0.0.1", port, cloudFlags, cmd -> cmd);
    }

    /** The cloud listening on {@code host}, its command line passed through {@code wrap} (e.g. into a network namespace). */
    public static RuntimeProcess cloud(List<String> main, Path model, String host, int port, List<String> cloudFlags,
                                       UnaryOperator<List<String>> wrap) throws Exception {
        if (main == null && !cloudFlags.isEmpty()) {
            throw new IllegalArgumentException("cloud flags " + cloudFlags + " need the cloud in its own process");
        }
        if (main == null) {
            return new RuntimeProcess("cloud", null, CloudServer.start(CloudConfig.local(model, TransportSecurity.plaintext())
                    .withPort(port)), null, port);
        }
        List<String> args = new ArrayList<>(List.of("cloud", "--model", model.toString(), "--port", String.valueOf(port),
                "--metrics-port", "-1", "--bind", host, "--plaintext", "--workers", "2"));
        args.addAll(cloudFlags);
        RuntimeProcess cloud = child("cloud", main, args, port, wrap);
        try (CloudClient probe = CloudClient.connect(host + ":" + port, TransportSecurity.plaintext())) {
            cloud.awaitStarted(() -> probe.probe(Duration.ofSeconds(1)));
        }
        return cloud;
    }

    /**
     * A plaintext edge with its HTTP API on 127.0.0.1:{@code httpPort}, talking to the cloud on {@code cloudPort}.
     *
     * @param main     the java command line up to (not including) the subcommand
     * @param decision further edge flags, for instance {@code --split 3 --schedule exp:0.1}
     */
    public static RuntimeProcess edge(List<String> main, Path model, int cloudPort, int httpPort, List<String> decision)
            throws Exception {
        List<String> args = new ArrayList<>(List.of("edge", "--model", model.toString(), "--cloud", "127.0.0.1:" + cloudPort,
                "--plaintext", "--bind", "127.0.0.1", "--http-port", String.valueOf(httpPort)));
        args.addAll(decision);
        RuntimeProcess edge = child("edge", main, args, httpPort, cmd -> cmd);
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
        HttpRequest healthz = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + "/healthz"))
                .timeout(Duration.ofSeconds(1)).build();
        edge.awaitStarted(() -> {
            try {
                return http.send(healthz, HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
            } catch (IOException e) {
                return false;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        });
        return edge;
    }

    private static RuntimeProcess child(String name, List<String> main, List<String> args, int port,
                                        UnaryOperator<List<String>> wrap) throws IOException {
        List<String> cmd = new ArrayList<>(main);
        cmd.addAll(args);
        Path log = Files.createTempFile("janus-bench-" + name, ".log");
        Process p = new ProcessBuilder(wrap.apply(cmd)).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        return new RuntimeProcess(name, p, null, log, port);
    }

    private void awaitStarted(BooleanSupplier answering) throws Exception {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (!answering.getAsBoolean()) {
            if (!process.isAlive() || System.nanoTime() > deadline) {
                String why = process.isAlive() ? "did not answer within " + START_TIMEOUT.toMinutes() + " minutes"
                        : "exited with code " + process.exitValue();
                close();
                throw new IllegalStateException("the " + name + " process " + why + "; its log: " + log + "\n"
                        + Files.readString(log));
            }
            Thread.sleep(200);
        }
    }

    public String describe() {
        return process == null ? "in this process" : "in process " + process.pid();
    }

    /** The cloud's gRPC port or the edge's HTTP port. */
    public int port() {
        return port;
    }

    /** The child's process id; this process's when the runtime runs here. */
    public long pid() {
        return process == null ? ProcessHandle.current().pid() : process.pid();
    }

    public boolean isAlive() {
        return process == null || process.isAlive();
    }

    /** Where the child's output goes (null in this process). */
    public Path log() {
        return log;
    }

    /** Resident memory now (VmRSS), in bytes; -1 where /proc cannot tell. */
    public long residentBytes() {
        return procStatus(pid(), "VmRSS:");
    }

    /** Peak resident memory so far (VmHWM), as "N MiB". */
    public String peakMemory() {
        return process == null ? "n/a (in this process)" : mib(procStatus(pid(), "VmHWM:"));
    }

    /** A line of /proc/PID/status in bytes (the kernel writes kB); -1 where /proc is not there. */
    static long procStatus(long pid, String key) {
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

    static String mib(long bytes) {
        return bytes < 0 ? "n/a" : String.format(Locale.ROOT, "%.0f MiB", bytes / 1048576.0);
    }

    /** SIGTERM (the runtime drains and exits), SIGKILL after 30 s. */
    @Override
    public void close() {
        if (inProcess != null) {
            inProcess.close();
        }
        if (process != null) {
            process.destroy();
            try {
                if (!process.waitFor(30, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                }
            } catch (InterruptedException e) {
                process.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
    }
}
