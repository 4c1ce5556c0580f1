package io.janus.edge;

import io.janus.plan.Decider;
import io.janus.plan.Decision;
import io.janus.plan.ProfileCalibration;
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
 * <p>Both profiles are corrected by what frames measure ({@link ProfileCalibration}): the edge's compute as the edge
 * timed it, the cloud's as each reply reports it. The schedulers are rebuilt (a few microseconds) when a side's
 * measured speed moves away from the one planned with.
 */
public final class SchedulerDecider implements Decider {

    private static final Logger LOG = LoggerFactory.getLogger(SchedulerDecider.class);
    /** A calibration factor is logged at INFO when it moved this much (relative) from the one last logged. */
    private static final double NOTABLE_MOVE = 0.25;

    private final LatencyProfile edge;
    private final SchedulerConfig config;
    private final PayloadModel payload;
    private final ProfileCalibration edgeCalibration = new ProfileCalibration();
    private final ProfileCalibration cloudCalibration = new ProfileCalibration();
    private double loggedEdgeFactor = 1.0;
    private double loggedCloudFactor = 1.0;
    /** Device-only decisions from the edge profile alone (bandwidth 0 rules out every transfer). */
    private volatile Scheduler deviceOnly;
    /** The edge profile times its calibration's factor: what both schedulers plan with. */
    private volatile LatencyProfile calibratedEdge;
    /** The cloud's profile as fetched (or pinned), and times its calibration's factor: what the scheduler plans with. */
    private volatile LatencyProfile cloud;
    private volatile LatencyProfile calibratedCloud;
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
            cloud = profile;
            calibratedCloud = profile.scaled(cloudCalibration.factor());
            scheduler = new Scheduler(calibratedEdge, calibratedCloud, config, payload);
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
            if (!edgeCalibration.record(run.edgeMs() / edgeCalibration.factor(), measuredMs)) {
                return;
            }
            factor = edgeCalibration.factor();
            calibratedEdge = edge.scaled(factor);
            deviceOnly = deviceOnlyScheduler(calibratedEdge);
            if (cloud != null) {
                scheduler = new Scheduler(calibratedEdge, calibratedCloud, config, payload);
            }
            notable = Math.abs(factor / loggedEdgeFactor - 1) >= NOTABLE_MOVE;
            if (notable) {
                loggedEdgeFactor = factor;
            }
        }
        logCalibration("edge", factor, notable);
    }

    @Override
    public void cloudMeasured(Decision run, double measuredMs) {
        if (run.prediction() == null) {
            return;
        }
        double factor;
        boolean notable;
        synchronized (this) {
            if (cloud == null || !cloudCalibration.record(run.cloudMs() / cloudCalibration.factor(), measuredMs)) {
                return;
            }
            factor = cloudCalibration.factor();
            calibratedCloud = cloud.scaled(factor);
            scheduler = new Scheduler(calibratedEdge, calibratedCloud, config, payload);
            notable = Math.abs(factor / loggedCloudFactor - 1) >= NOTABLE_MOVE;
            if (notable) {
                loggedCloudFactor = factor;
            }
        }
        logCalibration("cloud", factor, notable);
    }

    /** Rebuilt at every 5% move; logged at INFO when it moved a quarter from what was last logged. */
    private static void logCalibration(String side, double factor, boolean notable) {
        String line = String.format(java.util.Locale.ROOT, "scheduler: 19 in 20 recent frames computed within"
                + " %.2f× the %s profile's prediction; planning with that", factor, side);
        if (notable) {
            LOG.info(line);
        } else {
            LOG.debug(line);
        }
    }

    /** What the edge profile is multiplied by to plan (1 until enough frames were measured). */
    public double edgeCalibration() {
        return edgeCalibration.factor();
    }

    /** What the cloud profile is multiplied by to plan (1 until enough frames were measured). */
    public double cloudCalibration() {
        return cloudCalibration.factor();
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
