package io.janus.edge;

import io.janus.wire.v1.FinishReply;
import io.janus.wire.v1.FinishRequest;
import io.janus.wire.v1.ProfileReply;
import java.time.Duration;

/**
 * The real network: gRPC over whatever lies between edge and cloud. A call's time on the link is the call minus
 * the cloud's decode and compute; the same figure is the RTT sample (the reply is small).
 */
public final class GrpcUplink implements Uplink {

    private final CloudClient cloud;

    public GrpcUplink(CloudClient cloud) {
        this.cloud = cloud;
    }

    @Override
    public Shipment ship(FinishRequest request, Duration budget) {
        long c0 = System.nanoTime();
        FinishReply reply = cloud.finish(request, budget);
        long callNanos = System.nanoTime() - c0;
        double linkMs = Math.max(0, callNanos - 1000L * (reply.getCloudDecodeMicros() + reply.getCloudComputeMicros())) / 1e6;
        return new Shipment(reply, callNanos, linkMs, linkMs);
    }

    @Override
    public ProfileReply profile(Duration budget) {
        return cloud.profile(budget);
    }

    @Override
    public boolean probe(Duration timeout) {
        return cloud.probe(timeout);
    }

    @Override
    public String target() {
        return cloud.target();
    }

    @Override
    public double priorRttMs() {
        return 0;
    }

    @Override
    public boolean emulated() {
        return false;
    }

    @Override
    public double emulatedMbps() {
        return Double.NaN;
    }

    @Override
    public void close() {
        cloud.close();
    }
}
