package io.janus.edge;

import io.grpc.Grpc;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.health.v1.HealthGrpc;
import io.janus.wire.TransportSecurity;
import io.janus.wire.v1.FinishReply;
import io.janus.wire.v1.FinishRequest;
import com.google.protobuf.ByteString;
import io.janus.wire.v1.ProbeRequest;
import io.janus.wire.v1.ProfileReply;
import io.janus.wire.v1.ProfileRequest;
import io.janus.wire.v1.SplitInferenceGrpc;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/** The edge's connection to the cloud runtime; every call carries its own deadline. */
public final class CloudClient implements AutoCloseable {

    private final String target;
    private final ManagedChannel channel;
    private final SplitInferenceGrpc.SplitInferenceBlockingStub stub;
    private final HealthGrpc.HealthBlockingStub health;

    /** Uses a channel the caller built (tests may pass any transport). */
    public CloudClient(String target, ManagedChannel channel) {
        this.target = target;
        this.channel = channel;
        this.stub = SplitInferenceGrpc.newBlockingStub(channel);
        this.health = HealthGrpc.newBlockingStub(channel);
    }

    /**
     * Connects to {@code HOST:PORT} or a gRPC target URI ({@code dns:///cloud-headless.ns.svc:50051}) with the given
     * transport security, round robin over the addresses the target resolves to.
     */
    public static CloudClient connect(String target, TransportSecurity security) {
        String problem = EdgeConfigCheck.cloudProblem(target);
        if (problem != null) {
            throw new IllegalArgumentException(problem);
        }
        ManagedChannel channel = Grpc.newChannelBuilder(target, security.channelCredentials())
                .maxInboundMessageSize(1 << 20)
                // Every address the target resolves to gets calls in turn: dns:///<headless Service>:<port> spreads an
                // edge over all cloud replicas; the cloud's max connection age makes it re-resolve and find new ones.
                .defaultLoadBalancingPolicy("round_robin")
                .build();
        channel.getState(true); // connect now, not on the first frame
        return new CloudClient(target, channel);
    }

    public String target() {
        return target;
    }

    /** One frame, failing with DEADLINE_EXCEEDED after {@code budget}. */
    public FinishReply finish(FinishRequest request, Duration budget) {
        return stub.withDeadlineAfter(budget.toNanos(), TimeUnit.NANOSECONDS).finish(request);
    }

    /** The cloud's latency profile (janus.v1 Profile), failing with DEADLINE_EXCEEDED after {@code budget}. */
    public ProfileReply profile(Duration budget) {
        channel.resetConnectBackoff();
        return stub.withDeadlineAfter(budget.toNanos(), TimeUnit.NANOSECONDS).profile(ProfileRequest.getDefaultInstance());
    }

    /** An uplink probe of {@code paddingBytes} (janus.v1 Probe), failing with DEADLINE_EXCEEDED after {@code budget}. */
    public void probeTransfer(int paddingBytes, Duration budget) {
        channel.resetConnectBackoff();
        try {
            stub.withDeadlineAfter(budget.toNanos(), TimeUnit.NANOSECONDS)
                    .probe(ProbeRequest.newBuilder().setPadding(ByteString.copyFrom(new byte[paddingBytes])).build());
        } catch (StatusRuntimeException e) {
            dropConnectionIfStalled(e.getStatus());
            throw e;
        }
    }

    /**
     * A probe that ran out of time on a connection the channel still calls ready: the connection may be dead. A link
     * that went down leaves TCP retransmitting with exponential backoff, so after the link returns the old
     * connection stays silent for seconds (3 s after a 5 s outage, measured on the kernel link); a fresh connection
     * answers within a round trip. Calls under way finish or time out on the old one.
     */
    private void dropConnectionIfStalled(Status status) {
        if (status.getCode() == Status.Code.DEADLINE_EXCEEDED) {
            channel.enterIdle();
        }
    }

    /** True when the cloud's health service reports SERVING within {@code timeout}; never throws. */
    public boolean probe(Duration timeout) {
        // After a failure the channel waits (with backoff up to minutes) before reconnecting: a probe should try now.
        channel.resetConnectBackoff();
        try {
            return health.withDeadlineAfter(timeout.toMillis(), TimeUnit.MILLISECONDS)
                    .check(HealthCheckRequest.newBuilder().setService("").build())
                    .getStatus() == ServingStatus.SERVING;
        } catch (StatusRuntimeException e) {
            dropConnectionIfStalled(e.getStatus());
            return false;
        } catch (RuntimeException e) {
            return false;
        }
    }

    @Override
    public void close() {
        channel.shutdownNow();
        try {
            channel.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
