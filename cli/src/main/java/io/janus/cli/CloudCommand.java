package io.janus.cli;

import io.janus.cloud.CloudConfig;
import io.janus.cloud.CloudServer;
import io.janus.cloud.QueueConfig;
import io.janus.profile.ProfileSource;
import io.janus.wire.TransportSecurity;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code ./janus cloud}: the cloud runtime, finishing frames that edges started. */
@Command(name = "cloud", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Serve the cloud half of split inference over gRPC (janus.v1).",
            "Mutual TLS needs --tls-cert, --tls-key and --tls-ca; --plaintext runs without encryption."})
public final class CloudCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;
    private boolean configApplied;

    @Option(names = "--config", paramLabel = "FILE", description = "Properties file of defaults: keys are long option names without dashes.")
    Path config;

    @Option(names = "--model", paramLabel = "DIR", description = "Model folder (config.json + model.safetensors). Default: the bundled vit-tiny-mnist.")
    Path model;

    @Option(names = "--port", defaultValue = "50051", description = "gRPC port (default ${DEFAULT-VALUE}; 0 = any free port).")
    int port;

    @Option(names = "--metrics-port", defaultValue = "9090", description = "HTTP port for /metrics, /healthz, /readyz (default ${DEFAULT-VALUE}; -1 = off).")
    int metricsPort;

    @Option(names = "--bind", defaultValue = "0.0.0.0", description = "Address to listen on (default ${DEFAULT-VALUE}).")
    String bind;

    @Option(names = "--workers", description = "Batches computed at once, one PyTorch thread each; more calls queue (default: the number of cores).")
    Integer workers;

    @Option(names = "--max-message-bytes", defaultValue = "" + CloudConfig.DEFAULT_MAX_MESSAGE_BYTES,
            description = "Largest request accepted; larger ones get RESOURCE_EXHAUSTED (default ${DEFAULT-VALUE}).")
    int maxMessageBytes;

    @Option(names = "--max-queue", defaultValue = "" + QueueConfig.DEFAULT_MAX_QUEUE,
            description = "Calls waiting at most; beyond it a call is refused at once with RESOURCE_EXHAUSTED (default ${DEFAULT-VALUE}).")
    int maxQueue;

    @Option(names = "--max-queue-per-peer", defaultValue = "" + QueueConfig.DEFAULT_MAX_QUEUE_PER_PEER,
            description = "Calls one client connection may have waiting; its further calls are refused, others' are not (default ${DEFAULT-VALUE}).")
    int maxQueuePerPeer;

    @Option(names = "--max-queue-bytes", defaultValue = "" + QueueConfig.DEFAULT_MAX_QUEUE_BYTES,
            description = "Request bytes waiting at most: the queue's memory bound (default ${DEFAULT-VALUE}).")
    long maxQueueBytes;

    @Option(names = "--default-deadline-ms", defaultValue = "" + QueueConfig.DEFAULT_DEADLINE_MS,
            description = "Deadline of a call that carries none (default ${DEFAULT-VALUE}).")
    long defaultDeadlineMs;

    @Option(names = "--max-batch", defaultValue = "" + QueueConfig.DEFAULT_MAX_BATCH,
            description = "Calls of one shape (split point, tokens, remaining schedule) computed as one batch; 1 = no batching (default ${DEFAULT-VALUE}).")
    int maxBatch;

    @Option(names = "--max-batch-wait-ms", defaultValue = "" + QueueConfig.DEFAULT_MAX_BATCH_WAIT_MS,
            description = "How long a batch that is not full waits for more calls of its shape, never past its smallest deadline"
                    + " less its predicted time (default ${DEFAULT-VALUE}).")
    long maxBatchWaitMs;

    @Option(names = "--max-connection-age-seconds", paramLabel = "S",
            description = "Ask each client connection to reconnect after S seconds (GOAWAY, --drain-seconds of grace), so that"
                    + " edges re-resolve and spread over replicas that joined (default: connections live for ever).")
    Long maxConnectionAgeSeconds;

    @Option(names = "--drain-seconds", defaultValue = "30", description = "On SIGTERM, how long calls in flight may take to finish (default ${DEFAULT-VALUE}).")
    int drainSeconds;

    @Option(names = "--profile", paramLabel = "JSON", description = "Serve this latency profile (./janus profile) instead of"
            + " measuring one at start-up.")
    Path profile;

    @Option(names = "--profile-cache", paramLabel = "JSON", description = "Where the profile measured at start-up is cached"
            + " (default: ${java.io.tmpdir}/janus-profiles/<model digest>-t<threads>.json; /tmp is an emptyDir in Kubernetes).")
    Path profileCache;

    @Option(names = "--tls-cert", paramLabel = "PEM", description = "This server's certificate chain.")
    Path tlsCert;

    @Option(names = "--tls-key", paramLabel = "PEM", description = "Its private key (PKCS#8).")
    Path tlsKey;

    @Option(names = "--tls-ca", paramLabel = "PEM", description = "CA that must have signed every edge's client certificate.")
    Path tlsCa;

    @Option(names = "--plaintext", description = "Run without TLS (explicit opt-out).")
    boolean plaintext;

    /** What can be checked before anything starts (and by the operator contract test): TLS flags, workers. */
    void checkOptions() {
        TransportSecurity.checkFlags(tlsCert, tlsKey, tlsCa, plaintext);
        if (workers != null && workers < 1) {
            throw new IllegalArgumentException("--workers " + workers + ": must be >= 1");
        }
    }

    @Override
    public Integer call() throws InterruptedException {
        if (config != null && !configApplied) {
            return ConfigFile.rerun(spec, config, () -> {
                CloudCommand c = new CloudCommand();
                c.configApplied = true;
                return c;
            });
        }
        checkOptions();
        Launcher.computeThreads();
        CloudConfig cfg = new CloudConfig(model == null ? Launcher.model() : model, port, metricsPort, bind,
                workers == null ? Runtime.getRuntime().availableProcessors() : workers,
                TransportSecurity.fromFlags(tlsCert, tlsKey, tlsCa, plaintext), maxMessageBytes, Duration.ofSeconds(drainSeconds),
                new ProfileSource(profile, profileCache),
                new QueueConfig(maxQueue, maxQueuePerPeer, maxQueueBytes, Duration.ofMillis(defaultDeadlineMs), maxBatch,
                        Duration.ofMillis(maxBatchWaitMs)),
                maxConnectionAgeSeconds == null ? null : Duration.ofSeconds(maxConnectionAgeSeconds));
        CloudServer server = CloudServer.start(cfg);
        Runtime.getRuntime().addShutdownHook(new Thread(server::close, "janus-cloud-drain"));
        server.awaitTermination();
        return 0;
    }
}
