package io.janus.edge;

import io.janus.plan.Decider;
import io.janus.plan.Decision;
import io.janus.plan.EdgeCalibration;
import io.janus.plan.LinkEstimate;
import io.janus.plan.PayloadModel;
import io.janus.plan.Scheduler;
import io.janus.plan.SchedulerConfig;
import io.janus.profile.LatencyProfile;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The per-frame decision of Janus's scheduler (Algorithm 1): the most accurate declining rate α and split point whose
 * predicted latency, from the latency profiles and the current bandwidth estimate and RTT, meets the SLA. The token
 * codec is the payload model's (its sizes assume it).
 *
 * <p>Until the cloud's profile is known ({@link #useCloudProfile}) the edge cannot predict the cloud's share of a
 * frame, so it decides as if the link were down: device-only, at the most accurate α its own profile says meets the
 * SLA. Frames never wait for the cloud's profile.
 *
 * <p>The edge profile is corrected by what frames measure ({@link EdgeCalibration}): both schedulers are rebuilt (a few
 * microseconds) when the device's measured speed moves away from the one planned with.
 */
public final class SchedulerDecider implements Decider {

    private static final Logger LOG = LoggerFactory.getLogger(SchedulerDecider.class);

    private final LatencyProfile edge;
    private final SchedulerConfig config;
    private final PayloadModel payload;
    private final EdgeCalibration calibration = new EdgeCalibration();
    private double loggedCalibration = 1.0;
    /** Device-only decisions from the edge profile alone (bandwidth 0 rules out every transfer). */
    private volatile Scheduler deviceOnly;
    /** The edge profile times the calibration's factor: what both schedulers plan with. */
    private volatile LatencyProfile calibratedEdge;
    private volatile LatencyProfile cloud;
    private volatile Scheduler scheduler;
    private volatile boolean pinned;

    /**
     * @param edge    this device's profile (scaled when the device is emulated)
     * @param config  rates, candidate split points, accuracy
     * @param payload bytes sent per (α, split), in the token codec frames use
     */
    public SchedulerDecider(LatencyProfile edge, SchedulerConfig config, PayloadModel payload) {
        this.edge = edge;
        this.config = config;
        this.payload = payload;
        this.calibratedEdge = edge;
        this.deviceOnly = deviceOnlyScheduler(edge);
    }

    /** The cloud side is never used at bandwidth 0; the edge profile stands in so that the scheduler can be built. */
    private Scheduler deviceOnlyScheduler(LatencyProfile edgeProfile) {
        return new Scheduler(edgeProfile, edgeProfile, config, payload);
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
            scheduler = new Scheduler(calibratedEdge, profile, config, payload);
            cloud = profile;
        }
        LOG.info("scheduler: cloud latency profile {}; edge {}", profile.summary(), edge.summary());
    }

    @Override
    public void edgeMeasured(Decision run, double measuredMs) {
        if (run.prediction() == null) {
            return;
        }
        double factor;
        boolean notable;
        synchronized (this) {
            if (!calibration.record(run.edgeMs() / calibration.factor(), measuredMs)) {
                return;
            }
            factor = calibration.factor();
            calibratedEdge = edge.scaled(factor);
            deviceOnly = deviceOnlyScheduler(calibratedEdge);
            if (cloud != null) {
                scheduler = new Scheduler(calibratedEdge, cloud, config, payload);
            }
            // Rebuilt at every 5% move; logged when it moved a quarter from what was last logged.
            notable = Math.abs(factor / loggedCalibration - 1) >= 0.25;
            if (notable) {
                loggedCalibration = factor;
            }
        }
        String line = String.format(java.util.Locale.ROOT, "scheduler: 19 in 20 recent frames computed within"
                + " %.2f× the edge profile's prediction; planning with that", factor);
        if (notable) {
            LOG.info(line);
        } else {
            LOG.debug(line);
        }
    }

    /** What the edge profile is multiplied by to plan (1 until enough frames were measured). */
    public double edgeCalibration() {
        return calibration.factor();
    }

    /** The cloud profile in use, or null while the edge decides device-only. */
    public LatencyProfile cloudProfile() {
        return cloud;
    }

    /** The fastest (α, split) per the latency profiles, whatever its accuracy: an SLA below it cannot be met. */
    @Override
    public Double minLatencyMs(LinkEstimate link) {
        Scheduler s = scheduler;
        return s == null ? deviceOnly.minLatencyMs(offline(link)) : s.minLatencyMs(link);
    }

    @Override
    public Decision decide(LinkEstimate link) {
        Scheduler s = scheduler;
        return s == null ? deviceOnly.decide(offline(link)) : s.decide(link);
    }

    /** The link as the device-only scheduler sees it: no bandwidth, so that no transfer is ever chosen. */
    private static LinkEstimate offline(LinkEstimate link) {
        return new LinkEstimate(0, link.rttMs(), link.slaMs());
    }

    /** The most accurate α whose device-only latency fits {@code budgetMs}, else the fastest (never null). */
    @Override
    public Decision onDevice(double rttMs, double budgetMs) {
        return deviceOnly.decide(new LinkEstimate(0, rttMs, Math.max(1, budgetMs)));
    }

    @Override
    public String toString() {
        return "scheduler (" + config.splits().spec() + " splits, " + deviceOnly.rates().length + " rates, codec "
                + payload.codec().cliName() + (cloud == null ? ", device-only until the cloud's profile arrives" : "") + ")";
    }
}
