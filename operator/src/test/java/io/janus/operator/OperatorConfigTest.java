package io.janus.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class OperatorConfigTest {

    @Test
    void readsTheEnvironmentTheChartSets() {
        OperatorConfig c = OperatorConfig.fromEnv(Map.of("WATCH_NAMESPACES", "team-a, team-b,", "JANUS_RUNTIME_IMAGE",
                "r:1", "STATUS_POLL_INTERVAL", "500ms", "STATUS_WRITE_INTERVAL", "1m", "LEADER_ELECTION", "true",
                "POD_NAMESPACE", "janus-system"));
        assertThat(c.namespaces()).containsExactlyInAnyOrder("team-a", "team-b");
        assertThat(c.runtimeImage()).isEqualTo("r:1");
        assertThat(c.statusPollInterval()).isEqualTo(Duration.ofMillis(500));
        assertThat(c.minStatusWriteInterval()).isEqualTo(Duration.ofMinutes(1));
        assertThat(c.leaderElection()).isTrue();
        assertThat(c.leaseNamespace()).isEqualTo("janus-system");
    }

    @Test
    void defaultsWatchEverythingEveryFiveSeconds() {
        OperatorConfig c = OperatorConfig.fromEnv(Map.of());
        assertThat(c.namespaces()).isEmpty();
        assertThat(c.statusPollInterval()).isEqualTo(Duration.ofSeconds(5));
        assertThat(c.minStatusWriteInterval()).isEqualTo(Duration.ofSeconds(5));
    }

    @Test
    void aBadDurationNamesTheVariable() {
        assertThatThrownBy(() -> OperatorConfig.fromEnv(Map.of("STATUS_POLL_INTERVAL", "soon")))
                .hasMessageContaining("STATUS_POLL_INTERVAL=soon");
    }
}
