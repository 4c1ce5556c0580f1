package io.janus.bench;

import io.janus.cloud.CloudConfig;
import io.janus.cloud.CloudServer;
import io.janus.edge.CloudClient;
import io.janus.process.ChildProcess;
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

    private final ChildProcess process;
    private final CloudServer inProcess;
    private final int port;

    private RuntimeProcess(ChildProcess process, CloudServer inProcess, int port) {
        this.port = port;
        this.process = process;
        this.inProcess = inProcess;
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
            return new RuntimeProcess(null, CloudServer.start(CloudConfig.local(model, TransportSecurity.plaintext())
                    .withPort(port)), port);
        }
        List<String> args = new ArrayList<>(List.of("cloud", "--model", model.toString(), "--port", String.valueOf(port),
                "--metrics-port", "-1", "--bind", host, "--plaintext", "--workers", "2"));
        args.addAll(cloudFlags);
        try (CloudClient probe = CloudClient.connect(host + ":" + port, TransportSecurity.plaintext())) {
            return child("cloud", main, args, port, wrap, () -> probe.probe(Duration.ofSeconds(1)));
        }
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
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
        HttpRequest healthz = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + "/healthz"))
                .timeout(Duration.ofSeconds(1)).build();
        return child("edge", main, args, httpPort, cmd -> cmd, () -> {
            try {
                return http.send(healthz, HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
            } catch (IOException e) {
                return false;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        });
    }

    private static RuntimeProcess child(String name, List<String> main, List<String> args, int port,
                                        UnaryOperator<List<String>> wrap, BooleanSupplier answering)
            throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(main);
        cmd.addAll(args);
        Path log = Files.createTempFile("janus-bench-" + name, ".log");
        return new RuntimeProcess(ChildProcess.start(name, wrap.apply(cmd), log, START_TIMEOUT, answering), null, port);
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
        return process == null ? null : process.log();
    }

    /** Resident memory now (VmRSS), in bytes; -1 where /proc cannot tell. */
    public long residentBytes() {
        return ChildProcess.procStatus(pid(), "VmRSS:");
    }

    /** Peak resident memory so far (VmHWM), as "N MiB". */
    public String peakMemory() {
        return process == null ? "n/a (in this process)" : mib(process.peakResidentBytes());
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
            process.close();
        }
    }
}
