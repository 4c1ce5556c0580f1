package io.janus.cloud;

import io.grpc.Context;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import io.janus.wire.InvalidPayloadException;
import io.janus.wire.v1.FinishReply;
import io.janus.wire.v1.FinishRequest;
import io.janus.wire.v1.ProfileReply;
import io.janus.wire.v1.ProbeReply;
import io.janus.wire.v1.ProbeRequest;
import io.janus.wire.v1.ProfileRequest;
import io.janus.wire.v1.SplitInferenceGrpc;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The janus.v1 service: hands each call to the engine and maps its failures to status codes. */
final class SplitInferenceService extends SplitInferenceGrpc.SplitInferenceImplBase {

    private static final Logger LOG = LoggerFactory.getLogger(SplitInferenceService.class);

    private final CloudEngine engine;
    private final ProfileReply profile;
    private final CloudMetrics metrics;

    SplitInferenceService(CloudEngine engine, ProfileReply profile, CloudMetrics metrics) {
        this.engine = engine;
        this.profile = profile;
        this.metrics = metrics;
    }

    /** The latency profile measured (or loaded) at start-up; it does not change while the process runs. */
    @Override
    public void profile(ProfileRequest request, StreamObserver<ProfileReply> out) {
        out.onNext(profile);
        out.onCompleted();
    }

    /** Acknowledges an uplink probe: no work, the edge times the transfer. */
    @Override
    public void probe(ProbeRequest request, StreamObserver<ProbeReply> out) {
        out.onNext(ProbeReply.newBuilder().setReceivedBytes(request.getPadding().size()).build());
        out.onCompleted();
    }

    @Override
    public void finish(FinishRequest request, StreamObserver<FinishReply> out) {
        long start = System.nanoTime();
        metrics.started();
        Status status = Status.OK;
        try {
            if (Context.current().isCancelled()) {
                // The edge gave up (deadline passed while the call queued): it is finishing the frame itself.
                status = Status.DEADLINE_EXCEEDED.withDescription("deadline passed before a worker was free");
                return;
            }
            out.onNext(engine.finish(request));
            out.onCompleted();
        } catch (InvalidPayloadException e) {
            status = Status.INVALID_ARGUMENT.withDescription(e.getMessage());
        } catch (ModelMismatchException e) {
            status = Status.FAILED_PRECONDITION.withDescription(e.getMessage());
        } catch (RuntimeException e) {
            LOG.error("frame {}: internal error", request.getFrameId(), e);
            status = Status.INTERNAL.withDescription("internal error: " + e);
        } finally {
            metrics.finished(status.getCode(), (System.nanoTime() - start) / 1e9);
            if (!status.isOk()) {
                out.onError(status.asRuntimeException());
            }
        }
    }
}
