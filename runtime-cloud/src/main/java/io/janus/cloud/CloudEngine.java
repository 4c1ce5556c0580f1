package io.janus.cloud;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import io.janus.model.Predictions;
import io.janus.model.RawImage;
import io.janus.model.TokenState;
import io.janus.model.VitConfig;
import io.janus.model.VitModel;
import io.janus.profile.LatencyProfile;
import io.janus.schedule.Schedule;
import io.janus.wire.FrameCodec;
import io.janus.wire.TensorCodec;
import io.janus.wire.TokenPayloads;
import io.janus.wire.v1.FinishReply;
import io.janus.wire.v1.FinishRequest;
import io.janus.wire.v1.Label;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** The cloud half: checks a request, rebuilds the state at the split point, runs the rest of the model and the head. */
public final class CloudEngine {

    private final VitModel model;
    private final RequestValidator validator;

    public CloudEngine(VitModel model) {
        this.model = model;
        this.validator = new RequestValidator(model.config(), model.digest());
    }

    public VitModel model() {
        return model;
    }

    /**
     * Runs blank requests through every path (frame codecs, token codecs, merging) so that the first real frame does
     * not pay for class loading, JIT compilation and PyTorch's first calls.
     */
    public void warmUp() {
        var c = model.config();
        int[] removals = model.removals(Schedule.parse("exp:0.25"));
        RawImage blank = new RawImage(c.imgSize(), c.imgSize(), 3, new byte[c.imgSize() * c.imgSize() * 3]);
        FinishRequest.Builder r = FinishRequest.newBuilder().setModelDigest(model.digest().hex())
                .addAllMerged(Arrays.stream(removals).boxed().toList());
        for (FrameCodec codec : List.of(FrameCodec.lossless(), FrameCodec.parse("jpeg:90"))) {
            finish(r.setSplitPoint(0).setFrame(codec.encode(blank.height(), blank.width(), 3, blank.pixels())).build());
        }
        try (NDManager frame = model.manager().newSubManager()) {
            TokenState s = model.blocks(model.embed(model.preprocessor().batch(frame, List.of(blank))), 0, 1, removals);
            for (TensorCodec codec : TensorCodec.values()) {
                finish(r.setSplitPoint(1).setTokens(TokenPayloads.encode(s, codec)).build());
            }
        }
    }

    /** Checks a request's geometry (digest, split point, schedule, payload kind, top-k) before it may queue. */
    RequestValidator.Work check(FinishRequest request) {
        return validator.check(request);
    }

    /** The latency profile's prediction for a checked request: its blocks from the split point, the head, the embedding at 0. */
    static double predictedMs(LatencyProfile profile, RequestValidator.Work work, VitConfig c) {
        int[] tokens = Schedule.tokenCounts(work.removals(), c.patchTokens(), c.prefixTokens());
        double ms = profile.headMs() + (work.splitPoint() == 0 ? profile.embedMs() : 0);
        for (int l = work.splitPoint(); l < c.depth(); l++) {
            ms += profile.blockMs(l, tokens[l], tokens[l + 1]);
        }
        return ms;
    }

    /**
     * Finishes one frame. Thread-safe.
     *
     * @throws io.janus.wire.InvalidPayloadException for a malformed request, naming the field
     * @throws ModelMismatchException when the edge ran other weights
     */
    public FinishReply finish(FinishRequest request) {
        Outcome o = finishBatch(List.of(request), List.of(validator.check(request))).get(0);
        if (o.error() != null) {
            throw o.error();
        }
        return o.reply();
    }

    /** A reply, or the reason this one request of a batch failed (the others are unaffected). */
    record Outcome(FinishReply reply, RuntimeException error) {}

    /**
     * Finishes checked requests that share one {@link BatchKey} as one batch: each payload is decoded alone (a bad one
     * fails alone), the states are stacked to [B, T, D] and run through the remaining blocks and the head together.
     * Every frame's result is what {@link #finish} gives it alone. Thread-safe.
     */
    List<Outcome> finishBatch(List<FinishRequest> requests, List<RequestValidator.Work> works) {
        int n = requests.size();
        Outcome[] out = new Outcome[n];
        RequestValidator.Work work = works.get(0);
        long start = System.nanoTime();
        try (NDManager batch = model.manager().newSubManager()) {
            List<Integer> ok = new ArrayList<>(n);
            List<RawImage> images = new ArrayList<>(n);
            NDList tokens = new NDList();
            NDList sizes = new NDList();
            for (int i = 0; i < n; i++) {
                try {
                    if (work.splitPoint() == 0) {
                        var f = requests.get(i).getFrame();
                        images.add(new RawImage(f.getHeight(), f.getWidth(), f.getChannels(), FrameCodec.decode(f)));
                    } else {
                        TokenState s = TokenPayloads.decode(requests.get(i).getTokens(), works.get(i).tokensAtSplit(),
                                model.config().embedDim(), model.config().patchTokens(), batch);
                        tokens.add(s.tokens());
                        sizes.add(s.sizes());
                    }
                    ok.add(i);
                } catch (RuntimeException e) {
                    out[i] = new Outcome(null, e);
                }
            }
            if (!ok.isEmpty()) {
                long decoded = System.nanoTime();
                TokenState state = work.splitPoint() == 0 ? model.embed(model.preprocessor().batch(batch, images))
                        : tokens.size() == 1 ? new TokenState(tokens.get(0), sizes.get(0))
                        : new TokenState(NDArrays.concat(tokens, 0), NDArrays.concat(sizes, 0));
                NDArray logits = model.head(model.blocks(state, work.splitPoint(), model.config().depth(), work.removals()));
                int classes = model.config().numClasses();
                float[] raw = logits.toFloatArray();
                float[] probs = logits.softmax(-1).toFloatArray();
                long done = System.nanoTime();
                for (int row = 0; row < ok.size(); row++) {
                    int i = ok.get(row);
                    out[i] = new Outcome(reply(requests.get(i), works.get(i), raw, probs, row * classes, ok.size(),
                            (decoded - start) / 1000, (done - decoded) / 1000), null);
                }
            }
        }
        return Arrays.asList(out);
    }

    private FinishReply reply(FinishRequest request, RequestValidator.Work work, float[] logits, float[] probs, int offset,
                              int batchSize, long decodeMicros, long computeMicros) {
        int classes = model.config().numClasses();
        FinishReply.Builder reply = FinishReply.newBuilder()
                .setFrameId(request.getFrameId())
                .setCloudDecodeMicros(decodeMicros)
                .setCloudComputeMicros(computeMicros)
                .setBatchSize(batchSize);
        if (request.getReturnLogits()) {
            for (int c = 0; c < classes; c++) {
                reply.addLogits(logits[offset + c]);
            }
        }
        for (Predictions.Label l : Predictions.topK(probs, offset, classes, model.config().labelNames(), work.topK())) {
            reply.addLabels(Label.newBuilder().setName(l.name()).setIndex(l.index()).setProbability(l.probability()));
        }
        return reply.build();
    }
}
