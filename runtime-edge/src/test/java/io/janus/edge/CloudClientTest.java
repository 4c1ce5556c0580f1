package io.janus.edge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.grpc.Attributes;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.InsecureServerCredentials;
import io.grpc.Server;
import io.grpc.ServerTransportFilter;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.StreamObserver;
import io.janus.wire.v1.ProbeReply;
import io.janus.wire.v1.ProbeRequest;
import io.janus.wire.v1.SplitInferenceGrpc;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The edge's gRPC connection to the cloud over real TCP on loopback. */
class CloudClientTest {

    @Test
    void aProbeThatTimesOutMakesTheNextProbeDialAFreshConnection() throws Exception {
        AtomicInteger connections = new AtomicInteger();
        AtomicInteger probes = new AtomicInteger();
        // The first probe is never answered, as on a connection whose link went down.
        Server cloud = Grpc.newServerBuilderForPort(0, InsecureServerCredentials.create())
                .addTransportFilter(new ServerTransportFilter() {
                    @Override
                    public Attributes transportReady(Attributes attributes) {
                        connections.incrementAndGet();
                        return attributes;
                    }
                })
                .addService(new SplitInferenceGrpc.SplitInferenceImplBase() {
                    @Override
                    public void probe(ProbeRequest request, StreamObserver<ProbeReply> out) {
                        if (probes.incrementAndGet() > 1) {
                            out.onNext(ProbeReply.getDefaultInstance());
                            out.onCompleted();
                        }
                    }
                }).build().start();
        try (CloudClient client = new CloudClient("loopback", Grpc.newChannelBuilder("127.0.0.1:" + cloud.getPort(),
                InsecureChannelCredentials.create()).build())) {
            assertThatThrownBy(() -> client.probeTransfer(0, Duration.ofMillis(300)))
                    .isInstanceOfSatisfying(StatusRuntimeException.class,
                            e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.DEADLINE_EXCEEDED));
            client.probeTransfer(0, Duration.ofSeconds(5));
            assertThat(connections.get()).as("connections the cloud saw: the stalled one, then a fresh one").isEqualTo(2);
        } finally {
            cloud.shutdownNow();
        }
    }
}
