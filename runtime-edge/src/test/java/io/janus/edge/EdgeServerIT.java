package io.janus.edge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.janus.cloud.CloudConfig;
import io.janus.cloud.CloudServer;
import io.janus.model.RawImage;
import io.janus.plan.Decider;
import io.janus.plan.Decision;
import io.janus.schedule.Schedule;
import io.janus.testing.Digits;
import io.janus.testing.ProjectFiles;
import io.janus.wire.TensorCodec;
import io.janus.wire.TransportSecurity;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The edge's HTTP API and frame-folder intake against a cloud on loopback. */
class EdgeServerIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newHttpClient();

    static byte[] png(RawImage digit) throws Exception {
        BufferedImage img = new BufferedImage(digit.width(), digit.height(), BufferedImage.TYPE_BYTE_GRAY);
        img.getRaster().setDataElements(0, 0, digit.width(), digit.height(), digit.pixels());
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(img, "png", out);
        return out.toByteArray();
    }

    private HttpResponse<String> get(int port, String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> post(int port, byte[] body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v1/infer"))
                .header("Content-Type", "image/png").POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void httpApiAnswersFramesAndReportsStatus(@TempDir Path frames) throws Exception {
        for (int i = 0; i < 3; i++) {
            Files.write(frames.resolve("digit-" + i + ".png"), png(Digits.get(i)));
        }
        Files.writeString(frames.resolve("broken.png"), "not an image");
        List<FrameResult> looped = new CopyOnWriteArrayList<>();
        try (CloudServer cloud = CloudServer.start(CloudConfig.local(ProjectFiles.model(), TransportSecurity.plaintext()))) {
            EdgeConfig config = new EdgeConfig(ProjectFiles.model(), "127.0.0.1:" + cloud.port(), 0, "127.0.0.1",
                    TransportSecurity.plaintext(), new Decision(Schedule.parse("exp:0.12"), 3, TensorCodec.FP16),
                    EdgeOptions.defaults(5000), frames);
            try (EdgeServer edge = EdgeServer.start(config, Decider.fixed(config.decision()), (p, r) -> looped.add(r))) {
                int port = edge.httpPort();
                HttpResponse<String> answer = post(port, png(Digits.get(7)));
                assertThat(answer.statusCode()).isEqualTo(200);
                JsonNode frame = JSON.readTree(answer.body());
                assertThat(frame.get("labels").get(0).get("index").asInt()).isEqualTo(Digits.label(7));
                assertThat(frame.get("splitPoint").asInt()).as(answer.body()).isEqualTo(3);
                assertThat(frame.get("decliningRate").asDouble()).isEqualTo(0.12);
                assertThat(frame.get("mode").asText()).isEqualTo("Collaborative");
                assertThat(frame.get("bytesSent").asLong()).isPositive();
                assertThat(frame.get("latency").get("totalMs").asDouble()).isPositive();
                assertThat(frame.get("latency").has("cloudComputeMs")).isTrue();

                HttpResponse<String> bad = post(port, "garbage".getBytes());
                assertThat(bad.statusCode()).isEqualTo(400);
                assertThat(JSON.readTree(bad.body()).get("error").asText()).contains("not a PNG or JPEG");
                assertThat(get(port, "/v1/infer").statusCode()).isEqualTo(405);

                long deadline = System.nanoTime() + 30_000_000_000L;
                while (looped.size() < 4 && System.nanoTime() < deadline) {
                    Thread.sleep(20);
                }
                assertThat(looped).as("the folder loop goes round, skipping the broken file").hasSizeGreaterThanOrEqualTo(4);

                JsonNode status = JSON.readTree(get(port, "/v1/status").body());
                for (String field : List.of("splitPoint", "decliningRate", "schedule", "mode", "codec", "bandwidthMbps", "rttMs",
                        "latencyP50Ms", "latencyP95Ms", "slaMs", "slaViolationRatio", "throughputFps", "framesDone",
                        "framesFellBack", "cloudReachable", "lastDecisionTime", "depth")) {
                    assertThat(status.has(field)).as(field).isTrue();
                }
                assertThat(status.get("splitPoint").asInt()).isEqualTo(3);
                assertThat(status.get("schedule").asText()).isEqualTo("exp:0.12");
                assertThat(status.get("codec").asText()).isEqualTo("fp16");
                assertThat(status.get("mode").asText()).isEqualTo("Collaborative");
                assertThat(status.get("depth").asInt()).isEqualTo(12);
                assertThat(status.get("cloudReachable").asBoolean()).isTrue();
                assertThat(status.get("framesDone").asLong()).isGreaterThanOrEqualTo(5);
                assertThat(status.get("slaMs").asInt()).isEqualTo(5000);

                assertThat(get(port, "/metrics").body()).contains("janus_edge_frames_total{mode=\"Collaborative\"}",
                        "janus_edge_frame_latency_seconds_bucket", "janus_edge_payload_bytes");
                assertThat(get(port, "/healthz").statusCode()).isEqualTo(200);
                assertThat(get(port, "/readyz").statusCode()).isEqualTo(200);
            }
        }
    }

    /** A copy of the shipped model with one weight byte changed: it loads, but its digest differs from the cloud's. */
    static Path otherModel(Path dir) throws Exception {
        Files.copy(ProjectFiles.model().resolve("config.json"), dir.resolve("config.json"));
        byte[] weights = Files.readAllBytes(ProjectFiles.model().resolve("model.safetensors"));
        weights[weights.length - 1] ^= 1; // lowest mantissa bit of the last weight
        Files.write(dir.resolve("model.safetensors"), weights);
        return dir;
    }

    @Test
    void aCloudServingAnotherModelIsReportedAsSuchFromTheStart(@TempDir Path other) throws Exception {
        try (CloudServer cloud = CloudServer.start(CloudConfig.local(ProjectFiles.model(), TransportSecurity.plaintext()))) {
            EdgeConfig config = new EdgeConfig(otherModel(other), "127.0.0.1:" + cloud.port(), 0, "127.0.0.1",
                    TransportSecurity.plaintext(), new Decision(Schedule.parse("exp:0.1"), 3, TensorCodec.FP16),
                    EdgeOptions.defaults(5000), null);
            try (EdgeServer edge = EdgeServer.start(config)) {
                int port = edge.httpPort();
                JsonNode status = JSON.readTree(get(port, "/v1/status").body());
                assertThat(status.get("cloudReachable").asBoolean()).as("not 'reachable' at start").isFalse();
                assertThat(status.get("cloudProblem").asText()).startsWith("model digest mismatch")
                        .contains(cloud.modelDigest().hex(), edge.runtime().model().digest().hex());
                HttpResponse<String> ready = get(port, "/readyz");
                assertThat(ready.statusCode()).isEqualTo(200);
                assertThat(ready.body()).contains("model digest mismatch");
                JsonNode frame = JSON.readTree(post(port, png(Digits.get(7))).body());
                assertThat(frame.get("mode").asText()).isEqualTo("DeviceOnly");
                assertThat(frame.get("fallbackReason").asText()).isEqualTo("breaker-open");
            }
        }
    }

    @Test
    void settingsThatCannotWorkRefuseToStartNamingTheSetting() throws Exception {
        EdgeConfig split99 = new EdgeConfig(ProjectFiles.model(), "127.0.0.1:50051", 0, "127.0.0.1", TransportSecurity.plaintext(),
                new Decision(Schedule.none(), 99, TensorCodec.FP16), EdgeOptions.defaults(300), null);
        assertThatThrownBy(() -> EdgeServer.start(split99)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("--split 99: outside [0, 13]");
        EdgeConfig badCloud = new EdgeConfig(ProjectFiles.model(), "127.0.0.1:99999", 0, "127.0.0.1",
                TransportSecurity.plaintext(), new Decision(Schedule.none(), 3, TensorCodec.FP16), EdgeOptions.defaults(300), null);
        assertThatThrownBy(() -> EdgeServer.start(badCloud)).hasMessage("--cloud 127.0.0.1:99999: port 99999 outside 1..65535");
        try (java.net.ServerSocket busy = new java.net.ServerSocket(0, 1, java.net.InetAddress.getByName("127.0.0.1"))) {
            EdgeConfig busyPort = new EdgeConfig(ProjectFiles.model(), "127.0.0.1:50051", busy.getLocalPort(), "127.0.0.1",
                    TransportSecurity.plaintext(), new Decision(Schedule.none(), 3, TensorCodec.FP16), EdgeOptions.defaults(300), null);
            assertThatThrownBy(() -> EdgeServer.start(busyPort))
                    .hasMessageStartingWith("--http-port " + busy.getLocalPort() + ": cannot listen on 127.0.0.1:" + busy.getLocalPort())
                    .hasMessageContaining("already in use");
        }
    }
}
