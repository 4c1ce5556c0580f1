package io.janus.edge;

import io.janus.plan.AccuracyProfile;
import io.janus.plan.CandidateSplits;
import io.janus.plan.SchedulerConfig;
import io.janus.plan.TokenPayloadModel;
import io.janus.profile.LatencyProfile;
import io.janus.profile.ModelGeometry;
import io.janus.wire.TensorCodec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The scheduler's wiring, in one place for every command that runs an edge: the configuration (rates, candidate split
 * points, accuracy profile), the payload model (token codec, frame size) and this device's latency profile, scaled
 * when the device is emulated slower. The bandwidth estimate is the edge runtime's own.
 */
public final class SchedulerFactory {

    /** The accuracy per α a model folder may ship, used when an accuracy floor is asked for without a file. */
    public static final String ACCURACY_FILE = "accuracy.json";

    private SchedulerFactory() {
    }

    /**
     * The configuration for a model of geometry {@code g}: the default rates, fine-to-coarse candidate splits of
     * granularity {@code splitGranularity} (null: the default), rates ordered by {@code accuracyProfile} when given.
     */
    public static SchedulerConfig config(ModelGeometry g, Integer splitGranularity, Path accuracyProfile) {
        SchedulerConfig c = SchedulerConfig.defaults(g);
        c = splitGranularity == null ? c : c.withSplits(CandidateSplits.fineToCoarse(g.depth(), splitGranularity));
        if (accuracyProfile == null) {
            return c;
        }
        try {
            return c.withAccuracy(AccuracyProfile.read(accuracyProfile, "accuracy"), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e.getMessage(), e);
        }
    }

    /** {@code accuracy}; else, when a floor is given, the {@value #ACCURACY_FILE} the model folder ships, if any. */
    public static Path accuracyProfile(Path accuracy, boolean floorGiven, Path modelDir) {
        if (accuracy != null || !floorGiven) {
            return accuracy;
        }
        Path shipped = modelDir.resolve(ACCURACY_FILE);
        return Files.isRegularFile(shipped) ? shipped : null;
    }

    /**
     * The scheduler over this device's measured profile, planning with the cloud's once known. With a slowdown the
     * profile is scaled (labelled emulation) to match the emulated device.
     *
     * @param tokenCodec  how tokens travel; the payload model sizes them in it
     * @param frameBytes  one encoded frame, sent at split 0
     */
    public static SchedulerDecider scheduler(LatencyProfile measured, double slowdown, SchedulerConfig config,
            TensorCodec tokenCodec, long frameBytes) {
        LatencyProfile planned = slowdown == 1 ? measured : measured.scaled(slowdown);
        return new SchedulerDecider(planned, config,
                new TokenPayloadModel(tokenCodec, measured.geometry().dim(), frameBytes));
    }
}
