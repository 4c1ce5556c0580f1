package io.janus.profile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProfilesTest {

    @TempDir
    Path dir;

    private static LatencyProfile measured() {
        return new Profiler(0, 1, 4, Clock.systemUTC()).measure(new ProfilerTest.TestingStageTimer());
    }

    @Test
    void aProfileSurvivesAJsonRoundTrip() throws IOException {
        LatencyProfile p = measured();
        Path file = dir.resolve("sub/edge.json");
        Profiles.write(p, file);
        assertThat(Profiles.read(file)).isEqualTo(p);
        assertThat(Files.readString(file)).contains("\"digest\" : \"sha256:test\"", "\"r2\"", "\"patchTokens\" : 196");
    }

    @Test
    void scalingEmulatesASlowerDeviceAndSaysSo() {
        LatencyProfile p = measured();
        LatencyProfile slow = p.scaled(4).scaled(2);
        assertThat(slow.emulation().scale()).isEqualTo(8.0);
        assertThat(slow.emulation().note()).contains("× 8", "test device");
        assertThat(slow.embedMs()).isCloseTo(p.embedMs() * 8, within(1e-12));
        assertThat(slow.blockMs(3, 100)).isCloseTo(p.blockMs(3, 100) * 8, within(1e-9));
        assertThat(slow.summary()).contains("emulated");
        assertThat(Profiles.fromJson(Profiles.toJson(slow), "test")).isEqualTo(slow);
        assertThatThrownBy(() -> p.scaled(0)).hasMessageContaining("positive");
    }

    @Test
    void malformedProfilesAreRejectedWithTheReason() throws IOException {
        String good = Profiles.toJson(measured());
        assertThatThrownBy(() -> Profiles.fromJson("{}", "edge.json"))
                .hasMessageStartingWith("edge.json: not a Janus latency profile").hasMessageContaining("format");
        assertThatThrownBy(() -> Profiles.fromJson(good.replace("\"format\" : 1", "\"format\" : 7"), "edge.json"))
                .hasMessageContaining("profile format 7 is not supported");
        assertThatThrownBy(() -> Profiles.fromJson(good.replace("\"depth\" : 12", "\"depth\" : 11"), "edge.json"))
                .hasMessageContaining("12 blocks but model depth is 11");
        assertThatThrownBy(() -> Profiles.fromJson("not json", "cloud")).hasMessageStartingWith("cloud: not a Janus");
        assertThatThrownBy(() -> Profiles.read(dir.resolve("absent.json")))
                .isInstanceOf(NoSuchFileException.class).hasMessageContaining("absent.json: no such profile file");
    }

    @Test
    void aCachedProfileIsReusedOnlyForTheSameModelDeviceAndThreads() {
        Path cache = dir.resolve("cache.json");
        AtomicInteger measurements = new AtomicInteger();
        LatencyProfile first = Profiles.cachedOrMeasured(cache, "sha256:test", 2, "test device", () -> {
            measurements.incrementAndGet();
            return measured();
        });
        LatencyProfile second = Profiles.cachedOrMeasured(cache, "sha256:test", 2, "test device", () -> {
            measurements.incrementAndGet();
            return measured();
        });
        assertThat(second).isEqualTo(first);
        assertThat(measurements).hasValue(1);
        Profiles.cachedOrMeasured(cache, "sha256:other", 2, "test device", () -> {
            measurements.incrementAndGet();
            return measured();
        });
        assertThat(measurements).hasValue(2);
    }
}
