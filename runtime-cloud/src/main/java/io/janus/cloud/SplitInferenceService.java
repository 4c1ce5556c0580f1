package io.janus.cloud;

import io.grpc.Context;
import io.grpc.Deadline;
import io.grpc.ServerServiceDefinition;
import io.grpc.Status;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.ServerCalls;
import io.grpc.stub.StreamObserver;
import io.janus.model.VitConfig;
import io.janus.profile.LatencyProfile;
import io.janus.wire.InvalidPayloadException;
import io.janus.wire.v1.FinishReply;
import io.janus.wire.v1.FinishRequest;
import io.janus.wire.v1.ProfileReply;
import io.janus.wire.v1.ProbeReply;
import io.janus.wire.v1.ProbeRequest;
import io.janus.wire.v1.ProfileRequest;
import io.janus.wire.v1.SplitInferenceGrpc;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The janus.v1 service: checks each call, offers it to the queue (refusing it at once when admission control says
 * no) and maps failures to status codes. The engine runs on {@link BatchRunner}'s workers, never on gRPC threads.
 */
final class SplitInferenceService {

    /** A call admitted to the queue: what to run and where its answer goes. */
    record Pending(FinishRequest request, RequestValidator.Work work, StreamObserver<FinishReply> out, long arrivedNanos,
                   boolean defaultDeadline) {}

    private final CloudEngine engine;
    private final ProfileReply profileReply;
    private final LatencyProfile profile;
    private final VitConfig model;
    private final FinishQueue<Pending> queue;
    private final BatchRunner runner;
    private final CloudMetrics metrics;
    private final long defaultDeadlineNanos;

    SplitInferenceService(CloudEngine engine, ProfileReply profileReply, LatencyProfile profile, FinishQueue<Pending> queue,
                          BatchRunner runner, CloudMetrics metrics, QueueConfig config) {
        this.engine = engine;
        this.profileReply = profileReply;
        this.profile = profile;
        this.model = engine.model().config();
        this.queue = queue;
        this.runner = runner;
        this.metrics = metrics;
        this.defaultDeadlineNanos = config.defaultDeadline().toNanos();
    }

    /** Finish with the marshaller that turns unparseable bytes into INVALID_ARGUMENT; Profile and Probe as generated. */
    ServerServiceDefinition definition() {
        return ServerServiceDefinition.builder(SplitInferenceGrpc.SERVICE_NAME)
                .addMethod(FinishMessages.finishMethod(), ServerCalls.asyncUnaryCall(this::finish))
                .addMethod(SplitInferenceGrpc.getProfileMethod(), ServerCalls.asyncUnaryCall(this::profile))
                .addMethod(SplitInferenceGrpc.getProbeMethod(), ServerCalls.asyncUnaryCall(this::probe))
                .build();
    }

    /** The latency profile measured (or loaded) at start-up; it does not change while the process runs. */
    void profile(ProfileRequest request, StreamObserver<ProfileReply> out) {
        out.onNext(profileReply);
        out.onCompleted();
    }

    /** Acknowledges an uplink probe on the gRPC thread (no queue, no engine): the edge times the transfer. */
    void probe(ProbeRequest request, StreamObserver<ProbeReply> out) {
        out.onNext(ProbeReply.newBuilder().setReceivedBytes(request.getPadding().size()).build());
        out.onCompleted();
    }

    void finish(FinishMessages.Parsed parsed, StreamObserver<FinishReply> out) {
        ((ServerCallStreamObserver<FinishReply>) out).setOnCancelHandler(() -> { }); // a late answer to a gone client is dropped
        if (parsed.error() != null) {
            out.onError(Status.INVALID_ARGUMENT.withDescription(parsed.error()).asRuntimeException());
            return;
        }
        RequestValidator.Work work;
        try {
            work = engine.check(parsed.request());
        } catch (RuntimeException e) {
            out.onError(statusOf(e, parsed.request()).asRuntimeException());
            return;
        }
        long now = System.nanoTime();
        Context context = Context.current();
        Deadline deadline = context.getDeadline();
        long deadlineNanos = now + (deadline == null ? defaultDeadlineNanos : deadline.timeRemaining(TimeUnit.NANOSECONDS));
        var call = new FinishQueue.Call<>(BatchKey.of(work), String.valueOf(Peers.PEER.get()), deadlineNanos,
                CloudEngine.predictedMs(profile, work, model), parsed.bytes(), context::isCancelled,
                new Pending(parsed.request(), work, out, now, deadline == null));
        List<FinishQueue.Call<Pending>> expired = new ArrayList<>();
        FinishQueue.Refusal refusal = queue.offer(call, expired);
        runner.expire(expired);
        if (refusal != null) {
            metrics.refused(refusal.reason());
            Status status = refusal.reason().equals("draining") ? Status.UNAVAILABLE : Status.RESOURCE_EXHAUSTED;
            out.onError(status.withDescription("cloud busy, refused at admission (" + refusal.reason() + "): "
                    + refusal.description()).asRuntimeException());
        }
    }

    /** The status a failure of one request maps to; a bug is INTERNAL and logged by the caller. */
    static Status statusOf(RuntimeException e, FinishRequest request) {
        if (e instanceof InvalidPayloadException) {
            return Status.INVALID_ARGUMENT.withDescription(e.getMessage());
        }
        if (e instanceof ModelMismatchException) {
            return Status.FAILED_PRECONDITION.withDescription(e.getMessage());
        }
        return Status.INTERNAL.withDescription("internal error on frame " + request.getFrameId() + ": " + e);
    }
}
