package io.janus.profile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.janus.model.ModelDigest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Clock;
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
        assertThat(slow.blockMs(3, 100, 80)).isCloseTo(p.blockMs(3, 100, 80) * 8, within(1e-9));
        assertThat(slow.summary()).contains("emulated");
        assertThat(Profiles.fromJson(Profiles.toJson(slow), "test")).isEqualTo(slow);
        assertThatThrownBy(() -> p.scaled(0)).hasMessageContaining("positive");
    }

    @Test
    void aProfileMeasuredBeforeStageLinesWereRecordedStillReads() throws IOException {
        ObjectMapper json = new ObjectMapper();
        ObjectNode tree = (ObjectNode) json.readTree(Profiles.toJson(measured()));
        tree.remove("merge");
        tree.get("blocks").forEach(b -> ((ObjectNode) b).remove("mlp"));
        LatencyProfile old = Profiles.fromJson(json.writeValueAsString(tree), "old.json");
        assertThat(old.merge()).isNull();
        assertThat(old.blocks()).allSatisfy(b -> assertThat(b.mlp()).isNull());
        assertThat(old.blockMs(1, 100, 60)).isEqualTo(old.blocks().get(1).ms(100));
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
        Profiler profiler = new Profiler(0, 1, 4, Clock.systemUTC());
        ProfilerTest.TestingStageTimer device = new ProfilerTest.TestingStageTimer();
        LatencyProfile first = Profiles.cachedOrMeasured(cache, device, profiler);
        LatencyProfile second = Profiles.cachedOrMeasured(cache, device, profiler);
        assertThat(second).isEqualTo(first);
        assertThat(device.calls.get("embed")).isEqualTo(1);

        ProfilerTest.TestingStageTimer otherModel = new ProfilerTest.TestingStageTimer() {
            @Override
            public ModelDigest modelDigest() {
                return ModelDigest.of("sha256:other");
            }
        };
        assertThat(Profiles.cachedOrMeasured(cache, otherModel, profiler).model().digest().hex()).isEqualTo("sha256:other");
        assertThat(otherModel.calls.get("embed")).isEqualTo(1);
    }
}
