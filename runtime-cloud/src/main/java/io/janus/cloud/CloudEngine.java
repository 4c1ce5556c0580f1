package io.janus.cloud;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import io.janus.model.Predictions;
import io.janus.model.RawImage;
import io.janus.model.TokenState;
import io.janus.model.VitModel;
import io.janus.schedule.Schedule;
import io.janus.wire.FrameCodec;
import io.janus.wire.TensorCodec;
import io.janus.wire.TokenPayloads;
import io.janus.wire.v1.FinishReply;
import io.janus.wire.v1.FinishRequest;
import io.janus.wire.v1.Label;
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
        FinishRequest.Builder r = FinishRequest.newBuilder().setModelDigest(model.digest())
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

    /**
     * Finishes one frame. Thread-safe.
     *
     * @throws io.janus.wire.InvalidPayloadException for a malformed request, naming the field
     * @throws ModelMismatchException when the edge ran other weights
     */
    public FinishReply finish(FinishRequest request) {
        RequestValidator.Work work = validator.check(request);
        int depth = model.config().depth();
        long start = System.nanoTime();
        try (NDManager frame = model.manager().newSubManager()) {
            TokenState state;
            long decoded;
            if (work.splitPoint() == 0) {
                var f = request.getFrame();
                RawImage image = new RawImage(f.getHeight(), f.getWidth(), f.getChannels(), FrameCodec.decode(f));
                NDArray pixels = model.preprocessor().batch(frame, List.of(image));
                decoded = System.nanoTime();
                state = model.embed(pixels);
            } else {
                state = TokenPayloads.decode(request.getTokens(), work.tokensAtSplit(), model.config().embedDim(),
                        model.config().patchTokens(), frame);
                decoded = System.nanoTime();
            }
            NDArray logits = model.head(model.blocks(state, work.splitPoint(), depth, work.removals()));
            List<Predictions.Label> top = Predictions.topK(logits, model.config().labelNames(), work.topK()).get(0);
            long done = System.nanoTime();
            FinishReply.Builder reply = FinishReply.newBuilder()
                    .setFrameId(request.getFrameId())
                    .setCloudDecodeMicros((decoded - start) / 1000)
                    .setCloudComputeMicros((done - decoded) / 1000);
            if (request.getReturnLogits()) {
                for (float v : logits.toFloatArray()) {
                    reply.addLogits(v);
                }
            }
            for (Predictions.Label l : top) {
                reply.addLabels(Label.newBuilder().setName(l.name()).setIndex(l.index()).setProbability(l.probability()));
            }
            return reply.build();
        }
    }
}
