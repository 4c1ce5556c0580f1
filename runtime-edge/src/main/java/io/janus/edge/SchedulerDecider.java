package io.janus.edge;

import io.janus.plan.PayloadModel;
import io.janus.plan.Scheduler;
import io.janus.plan.SchedulerConfig;
import io.janus.profile.LatencyProfile;
import io.janus.wire.TensorCodec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The per-frame decision of Janus's scheduler (Algorithm 1): the most accurate declining rate α and split point whose
 * predicted latency, from the latency profiles and the current bandwidth estimate and RTT, meets the SLA. The token
 * codec stays the one configured (the scheduler's payload model assumes it).
 *
 * <p>Until the cloud's profile is known ({@link #useCloudProfile}) the edge cannot predict the cloud's share of a
 * frame, so it decides as if the link were down: device-only, at the most accurate α its own profile says meets the
 * SLA. Frames never wait for the cloud's profile.
 */
public final class SchedulerDecider implements Decider {

    private static final Logger LOG = LoggerFactory.getLogger(SchedulerDecider.class);

    private final LatencyProfile edge;
    private final SchedulerConfig config;
    private final PayloadModel payload;
    private final TensorCodec codec;
    /** Device-only decisions from the edge profile alone (bandwidth 0 rules out every transfer). */
    private final Scheduler deviceOnly;
    private volatile LatencyProfile cloud;
    private volatile Scheduler scheduler;
    private volatile boolean pinned;

    /**
     * @param edge    this device's profile (scaled when the device is emulated)
     * @param config  rates, candidate split points, accuracy
     * @param payload bytes sent per (α, split), for the configured codec
     * @param codec   the token codec frames use
     */
    public SchedulerDecider(LatencyProfile edge, SchedulerConfig config, PayloadModel payload, TensorCodec codec) {
        this.edge = edge;
        this.config = config;
        this.payload = payload;
        this.codec = codec;
        // The cloud side is never used at bandwidth 0; the edge profile stands in so that the scheduler can be built.
        this.deviceOnly = new Scheduler(edge, edge, config, payload);
    }

    /** True until a cloud profile is pinned: the edge then fetches the cloud's own. */
    @Override
    public boolean needsCloudProfile() {
        return !pinned;
    }

    /** Plans with this cloud profile for good ({@code --cloud-profile}): the cloud's own is not fetched. */
    public void pinCloudProfile(LatencyProfile profile) {
        useCloudProfile(profile);
        pinned = true;
    }

    /**
     * Plans with this cloud profile from now on (a no-op when it is the one in use).
     *
     * @throws IllegalArgumentException when the profile is of another model than the edge's
     */
    @Override
    public void useCloudProfile(LatencyProfile profile) {
        if (!profile.model().digest().equals(edge.model().digest())) {
            throw new IllegalArgumentException("the cloud's latency profile is of model " + profile.model().digest()
                    + ", this edge runs " + edge.model().digest());
        }
        synchronized (this) {
            if (profile.equals(cloud)) {
                return;
            }
            scheduler = new Scheduler(edge, profile, config, payload);
            cloud = profile;
        }
        LOG.info("scheduler: cloud latency profile {}; edge {}", profile.summary(), edge.summary());
    }

    /** The cloud profile in use, or null while the edge decides device-only. */
    public LatencyProfile cloudProfile() {
        return cloud;
    }

    /** The fastest (α, split) per the latency profiles, whatever its accuracy: an SLA below it cannot be met. */
    @Override
    public Double minLatencyMs(LinkEstimate link) {
        Scheduler s = scheduler;
        double mbps = s == null ? 0 : link.bandwidthMbps();
        return (s == null ? deviceOnly : s).choices().stream().mapToDouble(c -> c.predictedMs(mbps, link.rttMs()))
                .min().orElse(Double.NaN);
    }

    @Override
    public Decision decide(LinkEstimate link) {
        Scheduler s = scheduler;
        io.janus.plan.Decision d = s == null ? deviceOnly.decide(0, link.rttMs(), link.slaMs())
                : s.decide(link.bandwidthMbps(), link.rttMs(), link.slaMs());
        return new Decision(d.schedule(), d.splitPoint(), codec, d.predictedMs());
    }

    /** The most accurate α whose device-only latency fits {@code budgetMs}, else the fastest (never null). */
    @Override
    public Decision onDevice(double rttMs, double budgetMs) {
        io.janus.plan.Decision d = deviceOnly.decide(0, rttMs, Math.max(1, budgetMs));
        return new Decision(d.schedule(), d.splitPoint(), codec, d.predictedMs());
    }

    @Override
    public String toString() {
        return "scheduler (" + config.splits().spec() + " splits, " + deviceOnly.rates().length + " rates, codec "
                + codec.cliName() + (cloud == null ? ", device-only until the cloud's profile arrives" : "") + ")";
    }
}
