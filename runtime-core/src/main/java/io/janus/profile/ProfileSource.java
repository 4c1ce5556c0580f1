package io.janus.profile;

import io.janus.model.ModelDigest;
import io.janus.model.VitModel;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Where a runtime gets its own latency profile at start-up: a file given by the user, or a measurement of the loaded
 * model on this machine, cached so that restarts skip it.
 *
 * @param file  a profile to load ({@code --profile}, {@code --edge-profile}); null to measure
 * @param cache where a measurement is cached; null for {@link #defaultCache}
 */
public record ProfileSource(Path file, Path cache) {

    /** Measure (or reuse the cached measurement) in the default cache. */
    public static ProfileSource measured() {
        return new ProfileSource(null, null);
    }

    /**
     * {@code ${java.io.tmpdir}/janus-profiles/<digest prefix>-t<threads>.json}: writable where the root file system is
     * read-only (Kubernetes mounts an emptyDir on /tmp); one file per model and thread count, so the edge and cloud of
     * one machine share it, and the cache check ({@link Profiles#cachedOrMeasured}) also compares the device.
     */
    public static Path defaultCache(ModelDigest modelDigest, int threads) {
        return Path.of(System.getProperty("java.io.tmpdir"), "janus-profiles",
                String.format(Locale.ROOT, "%s-t%d.json", modelDigest.shortForm(), threads));
    }

    /**
     * The profile of {@code model}: the file's (which must describe the same weights), or the cached or fresh
     * measurement at the compute thread count now in force (about 10-20 s when not cached).
     *
     * @throws IllegalArgumentException when the file is not a profile of this model
     */
    public LatencyProfile obtain(VitModel model) {
        if (file != null) {
            LatencyProfile p;
            try {
                p = Profiles.read(file);
            } catch (IOException e) {
                throw new UncheckedIOException(e.getMessage(), e);
            }
            if (!p.model().digest().equals(model.digest())) {
                throw new IllegalArgumentException(file + ": profile of model " + p.model().digest().shortForm()
                        + ", but the loaded model is " + model.digest().shortForm() + ": profile this model (./janus profile)");
            }
            return p;
        }
        try (VitStageTimer timer = new VitStageTimer(model)) {
            Path c = cache != null ? cache : defaultCache(model.digest(), timer.threads());
            return Profiles.cachedOrMeasured(c, timer, Profiler.defaults());
        }
    }
}
