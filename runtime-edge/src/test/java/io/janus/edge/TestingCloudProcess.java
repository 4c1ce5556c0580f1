package io.janus.edge;

import io.janus.cloud.CloudConfig;
import io.janus.cloud.CloudServer;
import io.janus.process.ChildProcess;
import io.janus.testing.ProjectFiles;
import io.janus.wire.TransportSecurity;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/** A cloud runtime in a child JVM on loopback, so that a test can kill it for real (SIGKILL). */
final class TestingCloudProcess {

    /** JVM start and model load, on a loaded shared machine. */
    private static final Duration START_TIMEOUT = Duration.ofMinutes(2);

    private TestingCloudProcess() {
    }

    /** Starts a child cloud on {@code port} and waits until its health service answers. */
    static ChildProcess start(int port, Path log) throws Exception {
        return start(port, log, -1, null);
    }

    /**
     * As above, with /metrics on {@code metricsPort} (-1: none) and connections asked to reconnect after
     * {@code maxConnectionAge} (null: never).
     */
    static ChildProcess start(int port, Path log, int metricsPort, Duration maxConnectionAge) throws Exception {
        List<String> cmd = ChildProcess.javaCommand(List.of("-Dai.djl.offline=true", "-Dai.djl.pytorch.num_threads=1"),
                TestingCloudProcess.class);
        cmd.addAll(List.of(String.valueOf(port), String.valueOf(metricsPort),
                maxConnectionAge == null ? "-" : String.valueOf(maxConnectionAge.toMillis())));
        try (CloudClient probe = CloudClient.connect("127.0.0.1:" + port, TransportSecurity.plaintext())) {
            return ChildProcess.start("child cloud", cmd, log, START_TIMEOUT, () -> probe.probe(Duration.ofSeconds(1)));
        }
    }

    public static void main(String[] args) throws InterruptedException {
        CloudConfig local = CloudConfig.local(ProjectFiles.model(), TransportSecurity.plaintext());
        int metricsPort = args.length > 1 ? Integer.parseInt(args[1]) : -1;
        Duration age = args.length > 2 && !args[2].equals("-") ? Duration.ofMillis(Long.parseLong(args[2])) : null;
        CloudServer server = CloudServer.start(new CloudConfig(local.model(), Integer.parseInt(args[0]), metricsPort,
                local.bindAddress(), local.workers(), local.security(), local.maxMessageBytes(), local.drainTimeout(), local.profile(),
                local.queue(), age));
        server.awaitTermination();
    }
}
