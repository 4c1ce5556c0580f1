package io.janus.edge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The pure parts of the HTTP API's bounds: what the headers alone refuse, and the header-timeout bookkeeping. */
class HttpLimitsTest {

    @Test
    void headersAloneDecideWhatIsRefused() {
        assertThat(EdgeHttpApi.refusal("image/png", 1000, 4096)).isNull();
        assertThat(EdgeHttpApi.refusal(null, 1000, 4096)).isNull();
        assertThat(EdgeHttpApi.refusal("image/jpeg; q=1", 1000, 4096)).isNull();
        assertThat(EdgeHttpApi.refusal("text/plain", 1000, 4096).status()).isEqualTo(415);
        assertThat(EdgeHttpApi.refusal("image/png", -1, 4096).status()).isEqualTo(411);
        assertThat(EdgeHttpApi.refusal("image/png", 0, 4096).status()).isEqualTo(400);
        EdgeHttpApi.Refusal big = EdgeHttpApi.refusal("image/png", 4097, 4096);
        assertThat(big.status()).isEqualTo(413);
        assertThat(big.message()).contains("4097", "4096");
    }

    @Test
    void aConnectionMidHeadersExpiresAfterTheTimeoutOfItsOwnRequest() {
        long[] now = {0};
        SlowRequestGuard.HeaderClock clock = new SlowRequestGuard.HeaderClock(1_000, () -> now[0]);
        assertThat(clock.expired(Map.of("a", 0L, "b", 0L))).isEmpty();
        now[0] = 900;
        assertThat(clock.expired(Map.of("a", 0L, "b", 1L))).as("b began a new request").isEmpty();
        now[0] = 1_100;
        assertThat(clock.expired(Map.of("a", 0L, "b", 1L))).isEqualTo(List.of("a"));
        assertThat(clock.expired(Map.of("b", 1L))).as("a finished its headers: forgotten").isEmpty();
        now[0] = 2_000;
        assertThat(clock.expired(Map.of("a", 0L, "b", 1L))).isEqualTo(List.of("b"));
    }

    @Test
    void limitsMustBePositive() {
        assertThatThrownBy(() -> HttpLimits.defaults().withWorkers(0, 1)).hasMessageContaining("--workers 0");
        assertThatThrownBy(() -> HttpLimits.defaults().withWorkers(1, -1)).hasMessageContaining("--max-queue -1");
        assertThatThrownBy(() -> HttpLimits.defaults().withTimeouts(Duration.ZERO, Duration.ofSeconds(1), Duration.ofSeconds(1)))
                .hasMessageContaining("timeouts must be positive");
    }
}
