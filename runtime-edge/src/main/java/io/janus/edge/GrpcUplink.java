package io.janus.edge;

import io.janus.wire.v1.FinishReply;
import io.janus.wire.v1.FinishRequest;
import io.janus.wire.v1.ProfileReply;
import java.time.Duration;

/**
 * The real network: gRPC over whatever lies between edge and cloud. A call's time beyond the cloud's decode and
 * compute is the bytes' time on the link and the round trip together, which one call cannot tell apart: the edge
 * subtracts its RTT estimate (kept by probes, {@link UplinkProber}) from large payloads only.
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
        return new Shipment(reply, System.nanoTime() - c0, Double.NaN, Double.NaN);
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
    public Probe probeTransfer(int paddingBytes, Duration timeout) {
        long t0 = System.nanoTime();
        try {
            cloud.probeTransfer(paddingBytes, timeout);
            return new Probe((System.nanoTime() - t0) / 1e6, Double.NaN);
        } catch (RuntimeException e) {
            return Probe.FAILED;
        }
    }

    @Override
    public String target() {
        return cloud.target();
    }


    @Override
    public void close() {
        cloud.close();
    }
}
