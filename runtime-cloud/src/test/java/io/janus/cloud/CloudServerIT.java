package io.janus.cloud;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import com.google.protobuf.ByteString;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.health.v1.HealthGrpc;
import io.janus.model.RawImage;
import io.janus.model.TokenState;
import io.janus.model.VitModel;
import io.janus.schedule.Schedule;
import io.janus.testing.Digits;
import io.janus.testing.ProjectFiles;
import io.janus.testing.ShippedModel;
import io.janus.wire.FrameCodec;
import io.janus.wire.TensorCodec;
import io.janus.wire.TokenPayloads;
import io.janus.wire.TransportSecurity;
import io.janus.wire.v1.FinishReply;
import io.janus.wire.v1.FinishRequest;
import io.janus.wire.v1.SplitInferenceGrpc;
import io.janus.wire.v1.TokenPayload;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The cloud runtime over real loopback gRPC: split results, request validation, health and metrics. */
@ExtendWith(ShippedModel.class)
class CloudServerIT {

    private static VitModel model;
    private static CloudServer server;
    private static ManagedChannel channel;
    private static SplitInferenceGrpc.SplitInferenceBlockingStub stub;

    @BeforeAll
    static void start(VitModel shipped) {
        model = shipped;
        server = CloudServer.start(CloudConfig.local(ProjectFiles.model(), TransportSecurity.plaintext()));
        channel = Grpc.newChannelBuilder("127.0.0.1:" + server.port(), InsecureChannelCredentials.create()).build();
        stub = SplitInferenceGrpc.newBlockingStub(channel);
    }

    @AfterAll
    static void stop() {
        channel.shutdownNow();
        server.close();
    }

    private static RawImage digit(int i) {
        return Digits.get(i);
    }

    private static FinishReply call(FinishRequest r) {
        return stub.withDeadlineAfter(10, TimeUnit.SECONDS).finish(r);
    }

    /** The request an edge sends for digit {@code i} at split point {@code split}. */
    private static FinishRequest request(int i, int split, Schedule schedule, TensorCodec codec) {
        int[] removals = model.removals(schedule);
        FinishRequest.Builder b = FinishRequest.newBuilder().setModelDigest(model.digest().hex()).setFrameId(i).setSplitPoint(split)
                .addAllMerged(Arrays.stream(removals).boxed().toList()).setSchedule(schedule.toString())
                .setTopK(10).setReturnLogits(true);
        if (split == 0) {
            return b.setFrame(FrameCodec.lossless().encode(28, 28, 1, digit(i).pixels())).build();
        }
        try (NDManager m = model.manager().newSubManager()) {
            TokenState s = model.blocks(model.embed(model.preprocessor().batch(m, List.of(digit(i)))), 0, split, removals);
            return b.setTokens(TokenPayloads.encode(s, codec)).build();
        }
    }

    private static float[] localLogits(int i, Schedule schedule) {
        try (NDManager m = model.manager().newSubManager()) {
            NDArray logits = model.forward(model.preprocessor().batch(m, List.of(digit(i))), schedule);
            return logits.toFloatArray();
        }
    }

    private static int argmax(float[] x) {
        int best = 0;
        for (int i = 1; i < x.length; i++) {
            best = x[i] > x[best] ? i : best;
        }
        return best;
    }

    @Test
    void splitResultsEqualTheLocalForwardAtEverySplitPoint() {
        for (String spec : List.of("none", "exp:0.1", "exp:0.25")) {
            Schedule schedule = Schedule.parse(spec);
            for (int i = 0; i < 4; i++) {
                float[] local = localLogits(i, schedule);
                for (int split : new int[] {0, 1, 3, 6, 12}) {
                    FinishReply reply = call(request(i, split, schedule, TensorCodec.FP32));
                    float[] remote = new float[reply.getLogitsCount()];
                    for (int k = 0; k < remote.length; k++) {
                        remote[k] = reply.getLogits(k);
                    }
                    String what = spec + " digit " + i + " split " + split;
                    assertThat(reply.getFrameId()).isEqualTo(i);
                    assertThat(reply.getLabels(0).getIndex()).as(what).isEqualTo(argmax(local));
                    for (int k = 0; k < local.length; k++) {
                        assertThat(Math.abs(remote[k] - local[k])).as(what + " logit " + k).isLessThanOrEqualTo(1e-3f);
                    }
                    assertThat(reply.getLabelsList()).hasSize(10);
                    assertThat(reply.getLabels(0).getProbability()).isGreaterThanOrEqualTo(reply.getLabels(1).getProbability());
                }
            }
        }
    }

    @Test
    void malformedRequestsGetTheRightCodeAndTheServerKeepsServing() {
        FinishRequest good = request(0, 3, Schedule.parse("exp:0.1"), TensorCodec.FP16);
        TokenPayload tokens = good.getTokens();
        int t = tokens.getTokens().getShape(0);
        List<Case> cases = List.of(
                new Case("digest", Status.Code.FAILED_PRECONDITION, "model_digest", r -> r.setModelDigest("0".repeat(64))),
                new Case("split too large", Status.Code.INVALID_ARGUMENT, "split_point 13", r -> r.setSplitPoint(13)),
                new Case("negative split", Status.Code.INVALID_ARGUMENT, "split_point -1", r -> r.setSplitPoint(-1)),
                new Case("schedule length", Status.Code.INVALID_ARGUMENT, "merged: 11 entries", r -> {
                    List<Integer> m = r.getMergedList().subList(0, 11);
                    return r.clearMerged().addAllMerged(List.copyOf(m));
                }),
                new Case("negative removal", Status.Code.INVALID_ARGUMENT, "merged[2]", r -> r.setMerged(2, -1)),
                new Case("infeasible removal", Status.Code.INVALID_ARGUMENT, "more than half", r -> r.setMerged(0, 150)),
                new Case("token count", Status.Code.INVALID_ARGUMENT, "expected [" + (t - 1) + ", 192]", r -> r.setMerged(0, r.getMerged(0) + 1)),
                new Case("dims", Status.Code.INVALID_ARGUMENT, "expected [" + t + ", 192]", r -> r.setTokens(tokens.toBuilder()
                        .setTokens(TensorCodec.FP16.encode(new float[t * 96], t, 96)))),
                new Case("dtype", Status.Code.INVALID_ARGUMENT, "dtype", r -> r.setTokens(tokens.toBuilder()
                        .setTokens(tokens.getTokens().toBuilder().setDtypeValue(7)))),
                new Case("byte length", Status.Code.INVALID_ARGUMENT, "data bytes", r -> r.setTokens(tokens.toBuilder()
                        .setTokens(tokens.getTokens().toBuilder().setData(tokens.getTokens().getData().substring(1))))),
                new Case("non-finite", Status.Code.INVALID_ARGUMENT, "must be finite", r -> r.setTokens(tokens.toBuilder()
                        .setTokens(tokens.getTokens().toBuilder().setData(ByteString.copyFrom(new byte[] {0, 0x7e})
                                .concat(tokens.getTokens().getData().substring(2)))))),
                new Case("sizes", Status.Code.INVALID_ARGUMENT, "tokens.sizes", r -> r.setTokens(tokens.toBuilder()
                        .setSizes(TensorCodec.FP32.encode(new float[t], t, 1).toBuilder().clearShape().addShape(t)))),
                new Case("missing payload", Status.Code.INVALID_ARGUMENT, "needs tokens", FinishRequest.Builder::clearTokens),
                new Case("frame at split 3", Status.Code.INVALID_ARGUMENT, "needs tokens", r -> r.setFrame(
                        FrameCodec.lossless().encode(28, 28, 1, digit(0).pixels()))),
                new Case("corrupt frame", Status.Code.INVALID_ARGUMENT, "frame.data", r -> r.setSplitPoint(0).setFrame(
                        FrameCodec.lossless().encode(28, 28, 1, digit(0).pixels()).toBuilder().setData(ByteString.copyFromUtf8("x")))),
                new Case("top_k", Status.Code.INVALID_ARGUMENT, "top_k 11", r -> r.setTopK(11)),
                new Case("too large", Status.Code.RESOURCE_EXHAUSTED, "", r -> r.setSchedule("x".repeat(CloudConfig.DEFAULT_MAX_MESSAGE_BYTES))));
        for (Case c : cases) {
            FinishRequest bad = c.edit().apply(good.toBuilder()).build();
            assertThatThrownBy(() -> call(bad)).as(c.name()).isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
                assertThat(e.getStatus().getCode()).as(c.name() + ": " + e.getStatus()).isEqualTo(c.code());
                assertThat(String.valueOf(e.getStatus().getDescription())).as(c.name()).contains(c.message());
            });
            assertThat(call(good).getLabelsCount()).as("still serving after " + c.name()).isEqualTo(10);
        }
    }

    private record Case(String name, Status.Code code, String message, UnaryOperator<FinishRequest.Builder> edit) {}

    @Test
    void healthAndMetricsEndpointsReportTheServer() throws Exception {
        var health = HealthGrpc.newBlockingStub(channel).withDeadlineAfter(5, TimeUnit.SECONDS)
                .check(HealthCheckRequest.newBuilder().setService("").build());
        assertThat(health.getStatus()).isEqualTo(ServingStatus.SERVING);
        call(request(1, 6, Schedule.none(), TensorCodec.INT8));
        assertThatThrownBy(() -> call(request(1, 6, Schedule.none(), TensorCodec.INT8).toBuilder().setSplitPoint(99).build()));
        HttpClient http = HttpClient.newHttpClient();
        String base = "http://127.0.0.1:" + server.metricsPort();
        // A call is counted when its stream closes on the server, which may be just after the client read its status.
        HttpRequest scrape = HttpRequest.newBuilder(URI.create(base + "/metrics")).build();
        String metrics = http.send(scrape, HttpResponse.BodyHandlers.ofString()).body();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
        while (!metrics.contains("code=\"INVALID_ARGUMENT\"") && System.nanoTime() < deadline) {
            Thread.sleep(10);
            metrics = http.send(scrape, HttpResponse.BodyHandlers.ofString()).body();
        }
        assertThat(metrics).contains("janus_cloud_requests_total{code=\"OK\"}", "janus_cloud_requests_total{code=\"INVALID_ARGUMENT\"}",
                "janus_cloud_compute_seconds_bucket");
        assertThat(http.send(HttpRequest.newBuilder(URI.create(base + "/readyz")).build(), HttpResponse.BodyHandlers.ofString())
                .statusCode()).isEqualTo(200);
        assertThat(http.send(HttpRequest.newBuilder(URI.create(base + "/healthz")).build(), HttpResponse.BodyHandlers.ofString())
                .statusCode()).isEqualTo(200);
    }

    @Test
    void closingDrainsCallsInFlightThenRefusesNewOnes() throws Exception {
        CloudConfig local = CloudConfig.local(ProjectFiles.model(), TransportSecurity.plaintext());
        CloudServer draining = CloudServer.start(new CloudConfig(local.model(), 0, -1, "127.0.0.1", 1, local.security(),
                local.maxMessageBytes(), java.time.Duration.ofSeconds(30)));
        ManagedChannel ch = Grpc.newChannelBuilder("127.0.0.1:" + draining.port(), InsecureChannelCredentials.create()).build();
        try {
            var async = SplitInferenceGrpc.newFutureStub(ch);
            FinishRequest r = request(2, 0, Schedule.none(), TensorCodec.FP32);
            List<com.google.common.util.concurrent.ListenableFuture<FinishReply>> inFlight = new java.util.ArrayList<>();
            for (int i = 0; i < 4; i++) {
                inFlight.add(async.withDeadlineAfter(60, TimeUnit.SECONDS).finish(r)); // one worker: three of them queue
            }
            Thread.sleep(100);
            draining.close(); // what SIGTERM does
            for (var f : inFlight) {
                assertThat(f.get(60, TimeUnit.SECONDS).getLabelsCount()).isEqualTo(10);
            }
            assertThatThrownBy(() -> SplitInferenceGrpc.newBlockingStub(ch).withDeadlineAfter(5, TimeUnit.SECONDS).finish(r))
                    .isInstanceOfSatisfying(StatusRuntimeException.class,
                            e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE));
        } finally {
            ch.shutdownNow();
        }
    }

    @Test
    void aBusyPortIsReportedAsThatPort() throws Exception {
        try (java.net.ServerSocket busy = new java.net.ServerSocket(0, 1, java.net.InetAddress.getByName("127.0.0.1"))) {
            int taken = busy.getLocalPort();
            CloudConfig base = CloudConfig.local(ProjectFiles.model(), TransportSecurity.plaintext());
            CloudConfig metricsBusy = new CloudConfig(base.model(), 0, taken, "127.0.0.1", 1, base.security(),
                    base.maxMessageBytes(), base.drainTimeout(), base.profile());
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> CloudServer.start(metricsBusy))
                    .hasMessage("--metrics-port " + taken + ": cannot listen on 127.0.0.1:" + taken + ": address already in use");
            CloudConfig grpcBusy = new CloudConfig(base.model(), taken, 0, "127.0.0.1", 1, base.security(),
                    base.maxMessageBytes(), base.drainTimeout(), base.profile());
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> CloudServer.start(grpcBusy))
                    .hasMessage("--port " + taken + ": cannot listen on 127.0.0.1:" + taken + ": address already in use");
        }
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new CloudConfig(ProjectFiles.model(), 99999, 0, "127.0.0.1", 1,
                TransportSecurity.plaintext(), CloudConfig.DEFAULT_MAX_MESSAGE_BYTES, java.time.Duration.ofSeconds(1)))
                .hasMessageStartingWith("--port 99999");
    }
}
