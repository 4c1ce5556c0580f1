package io.janus.cloud;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDManager;
import com.google.common.util.concurrent.ListenableFuture;
import com.google.protobuf.ByteString;
import io.grpc.CallOptions;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.ClientCalls;
import io.janus.model.RawImage;
import io.janus.model.TokenState;
import io.janus.model.VitModel;
import io.janus.profile.LatencyProfile;
import io.janus.profile.ModelGeometry;
import io.janus.profile.ProfileSource;
import io.janus.profile.Profiles;
import io.janus.schedule.Schedule;
import io.janus.testing.Digits;
import io.janus.testing.ProjectFiles;
import io.janus.testing.ShippedModel;
import io.janus.wire.FrameCodec;
import io.janus.wire.TensorCodec;
import io.janus.wire.TokenPayloads;
import io.janus.wire.TransportSecurity;
import io.janus.wire.v1.DType;
import io.janus.wire.v1.FinishReply;
import io.janus.wire.v1.FinishRequest;
import io.janus.wire.v1.SplitInferenceGrpc;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * A hostile or careless client against the real cloud over loopback: the bad-input corpus (each case's status code
 * and description), and a flood of no-deadline calls from one client while another client's calls keep succeeding.
 */
@ExtendWith(ShippedModel.class)
class CloudAttackIT {

    private static VitModel model;
    private static CloudServer server;
    private static ManagedChannel channel;
    private static FinishRequest good;

    private static final MethodDescriptor.Marshaller<byte[]> BYTES = new MethodDescriptor.Marshaller<>() {
        @Override
        public InputStream stream(byte[] value) {
            return new ByteArrayInputStream(value);
        }

        @Override
        public byte[] parse(InputStream stream) {
            try {
                return stream.readAllBytes();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    };

    @BeforeAll
    static void start(VitModel shipped) {
        model = shipped;
        server = CloudServer.start(CloudConfig.local(ProjectFiles.model(), TransportSecurity.plaintext()));
        channel = channel(server);
        good = request(0, 6, TensorCodec.FP16);
    }

    @AfterAll
    static void stop() {
        channel.shutdownNow();
        server.close();
    }

    private static ManagedChannel channel(CloudServer s) {
        return Grpc.newChannelBuilder("127.0.0.1:" + s.port(), InsecureChannelCredentials.create()).build();
    }

    private static FinishRequest request(int digit, int split, TensorCodec codec) {
        RawImage image = Digits.get(digit);
        int[] removals = model.removals(Schedule.parse("exp:0.1"));
        FinishRequest.Builder b = FinishRequest.newBuilder().setModelDigest(model.digest().hex()).setFrameId(digit).setSplitPoint(split)
                .addAllMerged(Arrays.stream(removals).boxed().toList()).setTopK(3);
        if (split == 0) {
            return b.setFrame(FrameCodec.lossless().encode(28, 28, 1, image.pixels())).build();
        }
        try (NDManager m = model.manager().newSubManager()) {
            TokenState s = model.blocks(model.embed(model.preprocessor().batch(m, List.of(image))), 0, split, removals);
            return b.setTokens(TokenPayloads.encode(s, codec)).build();
        }
    }

    private static byte[] rawCall(byte[] body) {
        MethodDescriptor<byte[], byte[]> raw = SplitInferenceGrpc.getFinishMethod().toBuilder(BYTES, BYTES).build();
        return ClientCalls.blockingUnaryCall(channel, raw, CallOptions.DEFAULT.withDeadlineAfter(10, TimeUnit.SECONDS), body);
    }

    private record Case(String name, Status.Code code, String description, Function<FinishRequest.Builder, byte[]> body) {}

    private static Case edit(String name, Status.Code code, String description, Function<FinishRequest.Builder, FinishRequest.Builder> f) {
        return new Case(name, code, description, r -> f.apply(r).build().toByteArray());
    }

    @Test
    void everyBadInputGetsItsCodeAndADescriptionNamingTheProblem() throws Exception {
        byte[] random = new byte[4096];
        new Random(7).nextBytes(random);
        byte[] whole = good.toByteArray();
        var tokens = good.getTokens().getTokens();
        int t = tokens.getShape(0);
        ByteBuffer nan = ByteBuffer.allocate(tokens.getData().size()).order(ByteOrder.LITTLE_ENDIAN);
        nan.put(tokens.getData().toByteArray()).putShort(0, (short) 0x7e00); // fp16 NaN in the first element
        List<Case> cases = List.of(
                new Case("random bytes", Status.Code.INVALID_ARGUMENT, "not a janus.v1.FinishRequest", r -> random),
                new Case("truncated message", Status.Code.INVALID_ARGUMENT, "not a janus.v1.FinishRequest",
                        r -> Arrays.copyOf(whole, whole.length / 2)),
                new Case("empty message", Status.Code.FAILED_PRECONDITION, "model_digest (empty)", r -> new byte[0]),
                edit("wrong model digest", Status.Code.FAILED_PRECONDITION, "is not this cloud's model",
                        r -> r.setModelDigest("ab".repeat(32))),
                edit("tokens of the wrong shape", Status.Code.INVALID_ARGUMENT, "expected [" + t + ", 192]",
                        r -> r.setTokens(r.getTokens().toBuilder().setTokens(tokens.toBuilder().setShape(1, 96)))),
                edit("tokens of the wrong dtype", Status.Code.INVALID_ARGUMENT, "dtype",
                        r -> r.setTokens(r.getTokens().toBuilder().setTokens(tokens.toBuilder().setDtype(DType.DTYPE_UNSPECIFIED)))),
                edit("tokens of the wrong byte length", Status.Code.INVALID_ARGUMENT, "data bytes",
                        r -> r.setTokens(r.getTokens().toBuilder().setTokens(tokens.toBuilder().setData(tokens.getData().substring(3))))),
                edit("huge declared token count", Status.Code.INVALID_ARGUMENT, "tokens.tokens: shape [2147483647, 192]",
                        r -> r.setTokens(r.getTokens().toBuilder().setTokens(tokens.toBuilder().setShape(0, Integer.MAX_VALUE)))),
                edit("huge declared frame", Status.Code.INVALID_ARGUMENT, "frame: 1073741824x28 pixels",
                        r -> r.setSplitPoint(0).setFrame(FrameCodec.lossless().encode(28, 28, 1, new byte[784]).toBuilder()
                                .setHeight(1 << 30))),
                edit("NaN in the tokens", Status.Code.INVALID_ARGUMENT, "must be finite",
                        r -> r.setTokens(r.getTokens().toBuilder().setTokens(tokens.toBuilder().setData(ByteString.copyFrom(nan.array()))))),
                edit("split point beyond the model", Status.Code.INVALID_ARGUMENT, "split_point 13: must be in [0, 12]",
                        r -> r.setSplitPoint(13)),
                edit("negative split point", Status.Code.INVALID_ARGUMENT, "split_point -5", r -> r.setSplitPoint(-5)),
                edit("over the message size", Status.Code.RESOURCE_EXHAUSTED, "exceeds maximum size",
                        r -> r.setSchedule("x".repeat(CloudConfig.DEFAULT_MAX_MESSAGE_BYTES))));
        for (Case c : cases) {
            byte[] body = c.body().apply(good.toBuilder());
            double before = requests(c.code());
            assertThatThrownBy(() -> rawCall(body)).as(c.name()).isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
                assertThat(e.getStatus().getCode()).as(c.name() + ": " + e.getStatus()).isEqualTo(c.code());
                assertThat(String.valueOf(e.getStatus().getDescription())).as(c.name()).contains(c.description());
            });
            assertThat(requestsOnceCounted(c.code(), before + 1)).as(c.name() + ": counted in janus_cloud_requests_total")
                    .isEqualTo(before + 1);
            assertThat(FinishReply.parseFrom(rawCall(whole)).getLabelsCount()).as("still serving after " + c.name()).isEqualTo(3);
        }
    }

    @Test
    void aClientFloodingTwoThousandNoDeadlineCallsCannotStarveAnotherClient() throws Exception {
        ManagedChannel flooder = channel(server);
        ManagedChannel edge = channel(server);
        try {
            var edgeStub = SplitInferenceGrpc.newBlockingStub(edge);
            edgeStub.withDeadlineAfter(30, TimeUnit.SECONDS).finish(good); // the edge is connected before the flood, as in the field
            var floodStub = SplitInferenceGrpc.newFutureStub(flooder); // no deadline on any call
            List<ListenableFuture<FinishReply>> flood = new ArrayList<>();
            for (int i = 0; i < 2000; i++) {
                flood.add(floodStub.finish(good.toBuilder().setFrameId(i).build()));
            }
            long worstMs = 0;
            for (int i = 0; i < 20; i++) {
                long t0 = System.nanoTime();
                FinishReply r = edgeStub.withDeadlineAfter(10, TimeUnit.SECONDS).finish(good.toBuilder().setFrameId(10_000 + i).build());
                worstMs = Math.max(worstMs, (System.nanoTime() - t0) / 1_000_000);
                assertThat(r.getFrameId()).isEqualTo(10_000 + i);
            }
            assertThat(metric("janus_cloud_queue_length")).as("the queue bound holds").isLessThanOrEqualTo(QueueConfig.DEFAULT_MAX_QUEUE);
            Map<String, Long> outcomes = new java.util.TreeMap<>();
            for (var f : flood) {
                outcomes.merge(outcome(f), 1L, Long::sum);
            }
            System.out.printf("flood of 2000 no-deadline calls: %s; the other client's 20 calls all answered, slowest %d ms%n",
                    outcomes, worstMs);
            // Refused at once: beyond this client's share of the queue, or (on a slow machine) because the 5 s default
            // deadline cannot be met behind the work it already queued.
            assertThat(outcomes.keySet()).containsAnyOf("RESOURCE_EXHAUSTED: peer_queue_full", "RESOURCE_EXHAUSTED: deadline")
                    .allMatch(k -> List.of("OK", "RESOURCE_EXHAUSTED: peer_queue_full", "RESOURCE_EXHAUSTED: deadline",
                            "DEADLINE_EXCEEDED: the call carried no deadline").contains(k), "OK, refused or expired");
            long refused = outcomes.getOrDefault("RESOURCE_EXHAUSTED: peer_queue_full", 0L)
                    + outcomes.getOrDefault("RESOURCE_EXHAUSTED: deadline", 0L);
            assertThat(refused).isGreaterThanOrEqualTo(1000);
            assertThat(metric("janus_cloud_refusals_total{reason=\"peer_queue_full\"}")
                    + metric("janus_cloud_refusals_total{reason=\"deadline\"}")).isEqualTo(refused);
            assertThat(metric("janus_cloud_batch_size_count")).isPositive();
        } finally {
            flooder.shutdownNow();
            edge.shutdownNow();
        }
    }

    @Test
    void aCallThatCannotFinishBeforeItsDeadlineIsRefusedAtOnce(@TempDir Path dir) throws Exception {
        // A profile that says 50 ms per block: a cloud-only frame (12 blocks) cannot make a 300 ms deadline.
        LatencyProfile slow = LatencyProfile.synthetic(ModelGeometry.of(model.config()), "test: 50 ms per block", 1, 0, 50, 1);
        Path file = dir.resolve("slow.json");
        Profiles.write(new LatencyProfile(slow.format(), new LatencyProfile.ProfiledModel(model.digest(), slow.geometry()),
                slow.device(), slow.threads(), slow.measuredAt(), null, slow.method(), slow.embedMs(), slow.headMs(), slow.blocks()), file);
        CloudConfig local = CloudConfig.local(ProjectFiles.model(), TransportSecurity.plaintext());
        try (CloudServer slowCloud = CloudServer.start(local.withProfile(new ProfileSource(file, null)))) {
            ManagedChannel ch = channel(slowCloud);
            try {
                var stub = SplitInferenceGrpc.newBlockingStub(ch);
                FinishRequest cloudOnly = request(1, 0, TensorCodec.FP32);
                assertThat(stub.withDeadlineAfter(20, TimeUnit.SECONDS).finish(cloudOnly).getLabelsCount()).isEqualTo(3);
                // Refused before the deadline: a call left to wait it out would end DEADLINE_EXCEEDED, not RESOURCE_EXHAUSTED.
                assertThatThrownBy(() -> stub.withDeadlineAfter(300, TimeUnit.MILLISECONDS).finish(cloudOnly))
                        .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
                            assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.RESOURCE_EXHAUSTED);
                            assertThat(e.getStatus().getDescription()).contains("(deadline)", "cannot finish before the deadline");
                        });
            } finally {
                ch.shutdownNow();
            }
        }
    }

    private static String outcome(ListenableFuture<FinishReply> f) throws InterruptedException {
        try {
            f.get(60, TimeUnit.SECONDS);
            return "OK";
        } catch (ExecutionException e) {
            Status s = Status.fromThrowable(e.getCause());
            String d = String.valueOf(s.getDescription());
            var admission = java.util.regex.Pattern.compile("refused at admission \\((\\w+)\\)").matcher(d);
            String reason = admission.find() ? admission.group(1) : d.contains("no deadline") ? "the call carried no deadline" : d;
            return s.getCode() + ": " + reason;
        } catch (java.util.concurrent.TimeoutException e) {
            return "no answer within 60 s";
        }
    }

    private static double requests(Status.Code code) throws Exception {
        return metric("janus_cloud_requests_total{code=\"" + code.name() + "\"}");
    }

    /**
     * The count once it reaches {@code expected}, or after 2 s: the server counts a call when its stream closes, which
     * may be just after the client has read the call's status.
     */
    private static double requestsOnceCounted(Status.Code code, double expected) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
        double count = requests(code);
        while (count < expected && System.nanoTime() < deadline) {
            Thread.sleep(10);
            count = requests(code);
        }
        return count;
    }

    /** A sample's value from /metrics, 0 when absent. */
    private static double metric(String sample) throws Exception {
        String body = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.metricsPort()
                + "/metrics")).build(), HttpResponse.BodyHandlers.ofString()).body();
        return body.lines().filter(l -> l.startsWith(sample + " ")).map(l -> Double.parseDouble(l.substring(sample.length() + 1)))
                .collect(Collectors.reducing(0.0, Double::sum));
    }
}
