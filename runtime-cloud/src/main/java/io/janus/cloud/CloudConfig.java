package io.janus.cloud;

import io.janus.profile.ProfileSource;
import io.janus.wire.TransportSecurity;
import java.nio.file.Path;
import java.time.Duration;

/**
 * How to run the cloud runtime ({@code ./janus cloud}).
 *
 * @param model           model folder (config.json + model.safetensors)
 * @param port            gRPC port; 0 picks a free one
 * @param metricsPort     HTTP port for /metrics, /healthz, /readyz; 0 picks a free one, -1 disables it
 * @param bindAddress     address both servers listen on (0.0.0.0 in a cluster, 127.0.0.1 for local runs)
 * @param workers         batches computed at once (one PyTorch thread each); further calls queue
 * @param security        mutual TLS, or plaintext when asked for
 * @param maxMessageBytes largest request accepted (RESOURCE_EXHAUSTED beyond)
 * @param drainTimeout    how long in-flight calls may take to finish on shutdown
 * @param profile         where the latency profile served to edges comes from (measured at start-up by default)
 * @param queue           admission control and batching in front of the engine
 * @param maxConnectionAge how long a client connection lives before the server asks it to reconnect (GOAWAY, with
 *                        the drain timeout as grace), so that clients re-resolve and spread over replicas that joined;
 *                        null keeps connections for ever
 */
public record CloudConfig(Path model, int port, int metricsPort, String bindAddress, int workers,
                          TransportSecurity security, int maxMessageBytes, Duration drainTimeout, ProfileSource profile,
                          QueueConfig queue, Duration maxConnectionAge) {

    public static final int DEFAULT_MAX_MESSAGE_BYTES = 8 * 1024 * 1024;

    public CloudConfig {
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException("--port " + port + ": must be in 0..65535 (0 = any free port)");
        }
        if (metricsPort < -1 || metricsPort > 65_535) {
            throw new IllegalArgumentException("--metrics-port " + metricsPort + ": must be in 0..65535 (0 = any free port, -1 = off)");
        }
        if (workers < 1) {
            throw new IllegalArgumentException("--workers " + workers + ": must be >= 1");
        }
        if (maxMessageBytes < 1024) {
            throw new IllegalArgumentException("--max-message-bytes " + maxMessageBytes + ": must be >= 1024");
        }
        profile = profile == null ? ProfileSource.measured() : profile;
        queue = queue == null ? QueueConfig.defaults() : queue;
        if (maxConnectionAge != null && (maxConnectionAge.isNegative() || maxConnectionAge.isZero())) {
            throw new IllegalArgumentException("--max-connection-age-seconds " + maxConnectionAge.toSeconds() + ": must be > 0");
        }
    }

    /** With the default queue and connections kept for ever. */
    public CloudConfig(Path model, int port, int metricsPort, String bindAddress, int workers, TransportSecurity security,
                       int maxMessageBytes, Duration drainTimeout, ProfileSource profile) {
        this(model, port, metricsPort, bindAddress, workers, security, maxMessageBytes, drainTimeout, profile, null, null);
    }

    /** With the profile measured at start-up (cached in the default place). */
    public CloudConfig(Path model, int port, int metricsPort, String bindAddress, int workers, TransportSecurity security,
                       int maxMessageBytes, Duration drainTimeout) {
        this(model, port, metricsPort, bindAddress, workers, security, maxMessageBytes, drainTimeout, ProfileSource.measured());
    }

    /** Loopback, ephemeral ports, plaintext: for tests and the in-process demo. */
    public static CloudConfig local(Path model, TransportSecurity security) {
        return new CloudConfig(model, 0, 0, "127.0.0.1", 2, security, DEFAULT_MAX_MESSAGE_BYTES, Duration.ofSeconds(10));
    }

    public CloudConfig withPort(int newPort) {
        return new CloudConfig(model, newPort, metricsPort, bindAddress, workers, security, maxMessageBytes, drainTimeout, profile,
                queue, maxConnectionAge);
    }

    public CloudConfig withProfile(ProfileSource source) {
        return new CloudConfig(model, port, metricsPort, bindAddress, workers, security, maxMessageBytes, drainTimeout, source,
                queue, maxConnectionAge);
    }

    public CloudConfig withQueue(QueueConfig newQueue) {
        return new CloudConfig(model, port, metricsPort, bindAddress, workers, security, maxMessageBytes, drainTimeout, profile,
                newQueue, maxConnectionAge);
    }

    public CloudConfig withWorkers(int newWorkers) {
        return new CloudConfig(model, port, metricsPort, bindAddress, newWorkers, security, maxMessageBytes, drainTimeout, profile,
                queue, maxConnectionAge);
    }

    public CloudConfig withMaxConnectionAge(Duration age) {
        return new CloudConfig(model, port, metricsPort, bindAddress, workers, security, maxMessageBytes, drainTimeout, profile,
                queue, age);
    }
}
