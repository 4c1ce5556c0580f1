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
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder(List.of(java, "-Dai.djl.offline=true", "-Dai.djl.pytorch.num_threads=1",
                "-cp", System.getProperty("java.class.path"), TestingCloudProcess.class.getName(), String.valueOf(port)))
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
        CloudServer server = CloudServer.start(CloudConfig.local(ProjectFiles.model(), TransportSecurity.plaintext())
                .withPort(Integer.parseInt(args[0])));
        server.awaitTermination();
    }
}
