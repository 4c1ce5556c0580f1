package io.janus.edge;

import io.grpc.StatusRuntimeException;
import io.janus.model.ModelDigest;
import io.janus.profile.LatencyProfile;
import io.janus.profile.Profiles;
import io.janus.wire.v1.ProfileReply;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fetches the cloud's latency profile in the background, never on a frame's path: {@link #fetchSoon} tries now and
 * then every {@code retry} until the cloud answers with a profile of the edge's model, and hands it to the decider.
 */
final class CloudProfileFetcher implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(CloudProfileFetcher.class);
    private static final Duration CALL_TIMEOUT = Duration.ofSeconds(2);

    private final Uplink cloud;
    private final ModelDigest modelDigest;
    private final Consumer<LatencyProfile> use;
    private final Duration retry;
    private final AtomicBoolean pending = new AtomicBoolean();
    private final ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "janus-cloud-profile");
        t.setDaemon(true);
        return t;
    });
    private volatile long fetched;
    private volatile String lastProblem;

    CloudProfileFetcher(Uplink cloud, ModelDigest modelDigest, Consumer<LatencyProfile> use, Duration retry) {
        this.cloud = cloud;
        this.modelDigest = modelDigest;
        this.use = use;
        this.retry = retry;
    }

    /** Starts fetching unless a fetch is already under way. */
    void fetchSoon() {
        if (pending.compareAndSet(false, true)) {
            executor.execute(this::attempt);
        }
    }

    /** Profiles fetched and accepted so far. */
    long fetched() {
        return fetched;
    }

    private void attempt() {
        String problem;
        try {
            ProfileReply reply = cloud.profile(CALL_TIMEOUT);
            problem = accept(reply);
        } catch (StatusRuntimeException e) {
            problem = "cannot fetch the cloud's latency profile from " + cloud.target() + ": " + e.getStatus().getCode()
                    + (e.getStatus().getDescription() == null ? "" : " (" + e.getStatus().getDescription() + ")");
        } catch (IllegalArgumentException e) {
            problem = e.getMessage();
        }
        if (problem == null) {
            pending.set(false);
            lastProblem = null;
            return;
        }
        if (!problem.equals(lastProblem)) {
            LOG.warn("{}; deciding device-only meanwhile, retrying every {} ms", problem, retry.toMillis());
            lastProblem = problem;
        }
        if (!executor.isShutdown()) {
            executor.schedule(this::attempt, retry.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    /** Null when the profile was handed on; else why it was not. */
    private String accept(ProfileReply reply) {
        if (!modelDigest.matches(reply.getModelDigest())) {
            return "the cloud at " + cloud.target() + " serves model " + reply.getModelDigest() + ", this edge runs "
                    + modelDigest + ": run the same model.safetensors on both";
        }
        LatencyProfile profile = Profiles.fromJson(reply.getProfileJson(), "the cloud at " + cloud.target());
        if (!profile.model().digest().equals(modelDigest)) {
            return "the cloud at " + cloud.target() + " sent a latency profile of model " + profile.model().digest()
                    + " for model " + modelDigest;
        }
        use.accept(profile);
        fetched++;
        return null;
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }
}
