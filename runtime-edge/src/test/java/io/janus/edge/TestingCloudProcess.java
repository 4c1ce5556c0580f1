package io.janus.edge;

import io.janus.cloud.CloudConfig;
import io.janus.cloud.CloudServer;
import io.janus.testing.ProjectFiles;
import io.janus.wire.TransportSecurity;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/** A cloud runtime in a child JVM on loopback, so that a test can kill it for real (SIGKILL). */
final class TestingCloudProcess {

    private TestingCloudProcess() {
    }

    /** Starts a child cloud on {@code port} and waits until its health service answers. */
    static Process start(int port, Path log) throws Exception {
        return start(port, log, -1, null);
    }

    /**
     * As above, with /metrics on {@code metricsPort} (-1: none) and connections asked to reconnect after
     * {@code maxConnectionAge} (null: never).
     */
    static Process start(int port, Path log, int metricsPort, Duration maxConnectionAge) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder(List.of(java, "-Dai.djl.offline=true", "-Dai.djl.pytorch.num_threads=1",
                "-cp", System.getProperty("java.class.path"), TestingCloudProcess.class.getName(), String.valueOf(port),
                String.valueOf(metricsPort), maxConnectionAge == null ? "-" : String.valueOf(maxConnectionAge.toMillis())))
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try (CloudClient probe = CloudClient.connect("127.0.0.1:" + port, TransportSecurity.plaintext())) {
            long deadline = System.nanoTime() + 120_000_000_000L;
            while (!probe.probe(Duration.ofSeconds(1))) {
                if (!p.isAlive() || System.nanoTime() > deadline) {
                    p.destroyForcibly();
                    throw new IllegalStateException("child cloud did not start, see " + log);
                }
                Thread.sleep(100);
            }
        }
        return p;
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
