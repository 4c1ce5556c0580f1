package io.janus.edge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.grpc.Grpc;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.TlsChannelCredentials;
import io.janus.cloud.CloudConfig;
import io.janus.cloud.CloudServer;
import io.janus.model.VitModel;
import io.janus.plan.Decider;
import io.janus.plan.Decision;
import io.janus.plan.Mode;
import io.janus.schedule.Schedule;
import io.janus.testing.Digits;
import io.janus.testing.ProjectFiles;
import io.janus.testing.ShippedModel;
import io.janus.wire.TensorCodec;
import io.janus.wire.TransportSecurity;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** Edge ↔ cloud over mutual TLS on loopback: a client certificate from the trusted CA is required. */
@ExtendWith(ShippedModel.class)
class MutualTlsIT {

    @TempDir
    static Path dir;
    private static TestingCertificates trusted;
    private static CloudServer cloud;
    private static VitModel model;
    private static String target;

    @BeforeAll
    static void start(VitModel shipped) throws Exception {
        trusted = TestingCertificates.authority(dir, "janus");
        Path[] server = trusted.issue("cloud");
        cloud = CloudServer.start(CloudConfig.local(ProjectFiles.model(),
                TransportSecurity.fromFlags(server[0], server[1], trusted.caFile(), false)));
        model = shipped;
        target = "localhost:" + cloud.port();
    }

    @AfterAll
    static void stop() {
        cloud.close();
    }

    @Test
    void anEdgeWithACertificateFromTheTrustedCaCollaborates() throws Exception {
        Path[] edgeCert = trusted.issue("edge");
        CloudClient client = CloudClient.connect(target, TransportSecurity.fromFlags(edgeCert[0], edgeCert[1], trusted.caFile(), false));
        Decision d = new Decision(Schedule.parse("exp:0.1"), 4, TensorCodec.FP16);
        try (EdgeRuntime edge = new EdgeRuntime(model, client, Decider.fixed(d), EdgeOptions.defaults(5000), new PrometheusRegistry())) {
            FrameResult r = edge.process(Digits.get(3));
            assertThat(r.mode()).isEqualTo(Mode.COLLABORATIVE);
            assertThat(r.fallbackReason()).isNull();
        }
    }

    @Test
    void theCloudRejectsClientsWithoutAValidCertificate() throws Exception {
        TestingCertificates rogue = TestingCertificates.authority(dir, "rogue");
        Path[] rogueCert = rogue.issue("edge");
        // Signed by another CA (the client still trusts the real server).
        assertRejected(CloudClient.connect(target, TransportSecurity.fromFlags(rogueCert[0], rogueCert[1], trusted.caFile(), false)));
        // No client certificate at all.
        assertRejected(new CloudClient(target, Grpc.newChannelBuilder(target,
                TlsChannelCredentials.newBuilder().trustManager(trusted.caFile().toFile()).build()).build()));
        // Plaintext.
        assertRejected(CloudClient.connect(target, TransportSecurity.plaintext()));
    }

    private static void assertRejected(CloudClient client) {
        try (client) {
            assertThat(client.probe(Duration.ofSeconds(5))).isFalse();
            assertThatThrownBy(() -> client.finish(io.janus.wire.v1.FinishRequest.newBuilder().setModelDigest(model.digest().hex()).build(),
                    Duration.ofSeconds(5)))
                    .isInstanceOfSatisfying(StatusRuntimeException.class,
                            e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE));
        }
    }

    @Test
    void tlsFlagsMustBeCompleteOrPlaintextExplicit() {
        assertThatThrownBy(() -> TransportSecurity.fromFlags(null, null, null, false))
                .hasMessageContaining("mutual TLS needs --tls-cert, --tls-key and --tls-ca").hasMessageContaining("--plaintext");
        assertThatThrownBy(() -> TransportSecurity.fromFlags(trusted.caFile(), null, trusted.caFile(), false)).hasMessageContaining("missing --tls-key");
        assertThatThrownBy(() -> TransportSecurity.fromFlags(trusted.caFile(), trusted.caFile(), trusted.caFile(), true))
                .hasMessageContaining("conflicts");
        assertThatThrownBy(() -> TransportSecurity.fromFlags(dir.resolve("nope.pem"), trusted.caFile(), trusted.caFile(), false))
                .hasMessageContaining("nope.pem");
    }
}
