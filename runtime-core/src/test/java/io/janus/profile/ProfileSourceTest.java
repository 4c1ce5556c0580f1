package io.janus.profile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.janus.model.ModelDigest;
import io.janus.model.VitModel;
import io.janus.testing.ShippedModel;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@ExtendWith(ShippedModel.class)
class ProfileSourceTest {

    private static VitModel model;

    @BeforeAll
    static void load(VitModel shipped) {
        model = shipped;
    }

    @Test
    void aGivenFileIsUsedWhenItProfilesTheLoadedModel(@TempDir Path dir) throws Exception {
        LatencyProfile synthetic = LatencyProfile.synthetic(ModelGeometry.of(model.config()), "test", 1, 0.01, 0.2, 0.1);
        LatencyProfile ofThisModel = new LatencyProfile(LatencyProfile.FORMAT,
                new LatencyProfile.ProfiledModel(model.digest(), synthetic.geometry()), "test device", 1, synthetic.measuredAt(),
                null, synthetic.method(), 1, 0.1, synthetic.blocks());
        Path file = dir.resolve("edge.json");
        Profiles.write(ofThisModel, file);
        assertThat(new ProfileSource(file, null).obtain(model)).isEqualTo(ofThisModel);
    }

    @Test
    void aFileOfAnotherModelIsRefusedNamingBothDigests(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("other.json");
        Profiles.write(LatencyProfile.synthetic(ModelGeometry.of(model.config()), "test", 1, 0.01, 0.2, 0.1), file);
        assertThatThrownBy(() -> new ProfileSource(file, null).obtain(model))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("profile of model synthetic")
                .hasMessageContaining(model.digest().shortForm());
    }

    /**
     * Before the fix an edge pod with limits.cpu: 100m planned with its unthrottled speed: its profile (short timed
     * runs, each within the quota) predicted 297 ms for a device-only frame that took 600-800 ms.
     */
    @Test
    void aMeasurementUnderACpuQuotaBelowItsThreadsIsSlowedToTheQuotasPace() {
        LatencyProfile measured = LatencyProfile.synthetic(ModelGeometry.of(model.config()), "test", 1, 0.01, 0.2, 0.1);
        LatencyProfile throttled = ProfileSource.underQuota(measured, java.util.OptionalDouble.of(0.1));
        assertThat(throttled.embedMs()).isCloseTo(measured.embedMs() * 10, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(throttled.blockMs(3, 100, 100)).isCloseTo(measured.blockMs(3, 100, 100) * 10, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(throttled.headMs()).isCloseTo(measured.headMs() * 10, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(throttled.device()).contains("under a CPU quota of 0.1 cores (times × 10)");
        assertThat(throttled.emulation()).as("still a measurement").isNull();
    }

    @Test
    void aQuotaOfAtLeastItsThreadsOrNoneLeavesTheMeasurementAsItIs() {
        LatencyProfile oneThread = LatencyProfile.synthetic(ModelGeometry.of(model.config()), "test", 1, 0.01, 0.2, 0.1);
        LatencyProfile measured = new LatencyProfile(oneThread.format(), oneThread.model(), "two threads", 2,
                oneThread.measuredAt(), null, oneThread.method(), 1, 0.1, oneThread.blocks());
        assertThat(ProfileSource.underQuota(measured, java.util.OptionalDouble.of(2.0))).isSameAs(measured);
        assertThat(ProfileSource.underQuota(measured, java.util.OptionalDouble.empty())).isSameAs(measured);
        assertThat(ProfileSource.underQuota(measured, java.util.OptionalDouble.of(0.5)).blockMs(0, 50, 50))
                .isCloseTo(measured.blockMs(0, 50, 50) * 4, org.assertj.core.data.Offset.offset(1e-9));
    }

    @Test
    void theDefaultCacheIsPerModelAndThreadCountInTheTemporaryFolder() {
        Path cache = ProfileSource.defaultCache(ModelDigest.of("c26f6c0f8eb4aaaabbbbcccc"), 1);
        assertThat(cache.getParent()).isEqualTo(Path.of(System.getProperty("java.io.tmpdir"), "janus-profiles"));
        assertThat(cache.getFileName().toString()).isEqualTo("c26f6c0f8eb4-t1.json");
        assertThat(ProfileSource.defaultCache(ModelDigest.of("c26f6c0f8eb4aaaabbbbcccc"), 2)).isNotEqualTo(cache);
    }
}
