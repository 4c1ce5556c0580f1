package io.janus.operator.status;

import static org.assertj.core.api.Assertions.assertThat;

import io.janus.operator.TestingEdgeStatusServer;
import io.janus.plan.Mode;
import io.janus.status.EdgeStatus;
import io.janus.wire.LoopbackPorts;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class EdgeStatusClientTest {

    final EdgeStatusClient client = new EdgeStatusClient(Duration.ofSeconds(2));

    @Test
    void readsTheStatusAndIgnoresUnknownFields() throws IOException {
        EdgeObservation o = readServed(TestingEdgeStatusServer.status(3, 0.12, "Collaborative", 140.2, 0.01));
        assertThat(o.error()).isNull();
        // rttMs, framesDone and framesFellBack are served but cleared: they move on every frame.
        assertThat(o.status()).isEqualTo(new EdgeStatus(3, 0.12, "exp:0.12", Mode.COLLABORATIVE, "fp16", 12.3, 0, 81.0,
                140.2, 300, 0.01, 9.5, 0, 0, true, "2026-11-22T18:00:00Z", 12, false, null, null, null, null, null));
    }

    @Test
    void aModeOnlyANewerEdgeKnowsReadsAsUnknownAndTheRestOfTheStatusStays() throws IOException {
        EdgeObservation o = readServed(TestingEdgeStatusServer.status(3, 0.12, "Pipelined", 140.2, 0.01));
        assertThat(o.error()).isNull();
        assertThat(o.status().mode()).isNull();
        assertThat(o.status().splitPoint()).isEqualTo(3);
    }

    /** What the client reads from an edge serving {@code json}. */
    private EdgeObservation readServed(String json) throws IOException {
        try (TestingEdgeStatusServer server = new TestingEdgeStatusServer()) {
            server.respond("p", json);
            return client.read(server.endpoint("p"));
        }
    }

    @Test
    void failuresBecomeReadableObservations() throws IOException {
        try (TestingEdgeStatusServer server = new TestingEdgeStatusServer()) {
            assertThat(client.read(server.endpoint("missing")).error()).contains("returned HTTP 404");
            server.respond("garbled", "{not json");
            assertThat(client.read(server.endpoint("garbled")).error()).contains("returned invalid JSON");
        }
        int closedPort = LoopbackPorts.free();
        EdgeObservation refused = client.read(new EdgeEndpoint("gone",
                URI.create("http://127.0.0.1:" + closedPort + "/v1/status")));
        assertThat(refused.ok()).isFalse();
        assertThat(refused.error()).contains("127.0.0.1:" + closedPort);
    }

    @Test
    void podIpsBecomeStatusUris() {
        assertThat(PodIpEndpoints.uri("10.42.0.7", 8080)).hasToString("http://10.42.0.7:8080/v1/status");
        assertThat(PodIpEndpoints.uri("fd00::7", 8080)).hasToString("http://[fd00::7]:8080/v1/status");
    }
}
