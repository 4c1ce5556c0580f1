package io.janus.bench;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import io.janus.edge.CloudClient;
import io.janus.edge.EdgeOptions;
import io.janus.edge.EdgeRuntime;
import io.janus.edge.FrameResult;
import io.janus.model.LabelledImages;
import io.janus.model.NativeArrays;
import io.janus.model.RawImage;
import io.janus.model.VitModel;
import io.janus.plan.Decider;
import io.janus.plan.Decision;
import io.janus.process.ChildProcess;
import io.janus.profile.Timings;
import io.janus.schedule.Schedule;
import io.janus.wire.FrameCodec;
import io.janus.wire.LoopbackPorts;
import io.janus.wire.TensorCodec;
import io.janus.wire.TransportSecurity;
import io.janus.wire.v1.Tensor;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.ToDoubleFunction;

/**
 * End-to-end benchmark over loopback gRPC (no link emulation): frames/s and where the time goes (edge compute, encode,
 * transfer, cloud decode, cloud compute, device) per split point and codec, the cost of encode + gRPC for a full
 * 197 × 192 fp16 token set, and the peak resident memory of each runtime. Prints numbers; never fails on speed.
 */
public final class EndToEndBenchmark {

    /** Back-to-back calls before the loopback cost is measured: enough for C2 to compile the path in both JVMs. */
    static final int WARM_UP_CALLS = 3000;
    /**
     * Frames through the edge runtime before the loopback cost is measured: the cost inside the frame loop, where both
     * sides idle between calls, settles only after a few hundred frames more.
     */
    private static final int WARM_UP_FRAMES = 300;

    /**
     * @param model      model folder
     * @param digits     the shipped digits (safetensors)
     * @param splits     split points to measure
     * @param codecs     token codecs for split points 1..L
     * @param frameCodecs frame codecs for split point 0
     * @param schedule   merging schedule
     * @param frames     measured frames per configuration (after warm-up)
     * @param cloudMain  how to start the cloud in its own process: the java command line up to (not including) the
     *                   cloud flags; null runs it in this process
     */
    public record Settings(Path model, Path digits, int[] splits, List<TensorCodec> codecs, List<FrameCodec> frameCodecs,
                           Schedule schedule, int frames, List<String> cloudMain) {}

    private final Settings settings;
    private final PrintStream out;

    public EndToEndBenchmark(Settings settings, PrintStream out) {
        this.settings = settings;
        this.out = out;
    }

    public void run() throws Exception {
        List<RawImage> digits = LabelledImages.open(settings.digits()).first(200);
        int port = LoopbackPorts.free();
        try (RuntimeProcess cloud = RuntimeProcess.cloud(settings.cloudMain(), settings.model(), port);
             VitModel model = VitModel.load(settings.model())) {
            out.printf(Locale.ROOT, "janus bench e2e: %s, schedule %s, %d frames per row, cloud %s on 127.0.0.1:%d, %d cores%n",
                    settings.model().getFileName(), settings.schedule(), settings.frames(), cloud.describe(), port,
                    Runtime.getRuntime().availableProcessors());
            double[] cold = CloudWarmUp.warm(model, "127.0.0.1", port, CloudWarmUp.fullStateFp16(model), digits.get(0), WARM_UP_CALLS);
            out.printf(Locale.ROOT, "warm-up: %d back-to-back fp16 calls of the full token set, so that both JVMs run the path"
                    + " JIT-compiled; the first %d cost (encode + gRPC + decode) p50 %.2f ms, p95 %.2f ms%n", WARM_UP_CALLS,
                    cold.length, Timings.percentile(cold, 0.50), Timings.percentile(cold, 0.95));
            out.println("split  codec      frames/s  bytes/frame  tokens  edge ms  encode ms  transfer ms  cloud-decode ms"
                    + "  cloud ms  device ms  p50 ms  p95 ms");
            for (int split : settings.splits()) {
                for (String codec : codecsFor(split, model.config().depth())) {
                    row(model, port, split, codec, digits);
                }
            }
            loopbackCost(model, port, digits);
            fp16CodecCost(model, digits.get(0));
            out.printf(Locale.ROOT, "peak resident memory: cloud %s, edge (this process: benchmark + edge) %s%n",
                    cloud.peakMemory(), mib(ChildProcess.procStatus(ProcessHandle.current().pid(), "VmHWM:")));
        }
    }

    private List<String> codecsFor(int split, int depth) {
        if (split == 0) {
            return settings.frameCodecs().stream().map(FrameCodec::toString).toList();
        }
        if (split == depth + 1) {
            return List.of("-");
        }
        return settings.codecs().stream().map(TensorCodec::cliName).toList();
    }

    private List<FrameResult> measure(VitModel model, int port, Decision d, FrameCodec frameCodec, List<RawImage> digits,
                                      int warmUpFrames, int frames) {
        EdgeOptions options = EdgeOptions.defaults(60_000).withFrameCodec(frameCodec);
        try (EdgeRuntime edge = new EdgeRuntime(model, CloudClient.connect("127.0.0.1:" + port, TransportSecurity.plaintext()),
                Decider.fixed(d), options, new PrometheusRegistry())) {
            for (int i = 0; i < warmUpFrames; i++) {
                edge.process(digits.get(i % digits.size()));
            }
            List<FrameResult> results = new ArrayList<>();
            for (int i = 0; i < frames; i++) {
                results.add(edge.process(digits.get(i % digits.size())));
            }
            return results;
        }
    }

    private void row(VitModel model, int port, int split, String codec, List<RawImage> digits) {
        boolean frameSplit = split == 0;
        Decision d = new Decision(settings.schedule(), split, frameSplit || codec.equals("-") ? TensorCodec.FP32 : TensorCodec.parse(codec));
        long t0 = System.nanoTime();
        List<FrameResult> r = measure(model, port, d, frameSplit ? FrameCodec.parse(codec) : FrameCodec.lossless(), digits, 10, settings.frames());
        double seconds = (System.nanoTime() - t0) / 1e9;
        long fellBack = r.stream().filter(x -> x.fallbackReason() != null).count();
        double[] total = r.stream().mapToDouble(x -> x.latency().totalMs()).sorted().toArray();
        out.printf(Locale.ROOT, "%5d  %-8s  %8.1f  %11.0f  %6.0f  %7.2f  %9.2f  %11.2f  %15.2f  %8.2f  %9.2f  %6.1f  %6.1f%s%n",
                split, codec, r.size() / seconds, mean(r, x -> x.bytesSent()), mean(r, x -> x.tokensSent()),
                mean(r, x -> x.latency().edgeComputeMs()), mean(r, x -> x.latency().encodeMs()),
                mean(r, x -> x.latency().transferMs()), mean(r, x -> x.latency().cloudDecodeMs()),
                mean(r, x -> x.latency().cloudComputeMs()), mean(r, x -> x.latency().deviceMs()),
                Timings.percentile(total, 0.50), Timings.percentile(total, 0.95),
                fellBack == 0 ? "" : "  (" + fellBack + " fell back)");
    }

    /**
     * The fp16 codec on the full token set, engine conversion (what the runtimes use) against the Java reference: why
     * encode and decode are a small part of the loopback cost.
     */
    private void fp16CodecCost(VitModel model, RawImage image) {
        try (NDManager frame = model.manager().newSubManager()) {
            NDArray tokens = model.embed(model.preprocessor().batch(frame, List.of(image))).tokens();
            int rows = Math.toIntExact(tokens.getShape().get(1));
            int cols = Math.toIntExact(tokens.getShape().get(2));
            Tensor wire = TensorCodec.FP16.encode(tokens, rows, cols);
            double engineEncode = Timings.medianMs(2000, 1000, () -> TensorCodec.FP16.encode(tokens, rows, cols));
            double javaEncode = Timings.medianMs(2000, 1000, () -> TensorCodec.FP16.encode(NativeArrays.toFloats(tokens), rows, cols));
            double engineDecode = Timings.medianMs(2000, 1000, () -> {
                try (NDManager m = frame.newSubManager()) {
                    TensorCodec.decode(wire, "tokens", m, tokens.getShape());
                }
            });
            double javaDecode = Timings.medianMs(2000, 1000, () -> {
                try (NDManager m = frame.newSubManager()) {
                    NativeArrays.floats(m, TensorCodec.decode(wire, "tokens"), tokens.getShape());
                }
            });
            out.printf(Locale.ROOT, "fp16 codec, %d x %d tokens, median after warm-up: encode %.3f ms by the engine (Java"
                    + " reference %.3f ms), decode %.3f ms (Java reference %.3f ms)%n", rows, cols, engineEncode, javaEncode,
                    engineDecode, javaDecode);
        }
    }

    /**
     * Encode + gRPC + cloud-side decode for the full token set as fp16, the cloud running only the head: frames go
     * through the edge runtime as in the rows above, model compute between calls and all, after
     * {@link #WARM_UP_FRAMES} of them.
     */
    private void loopbackCost(VitModel model, int port, List<RawImage> digits) {
        List<FrameResult> r = measure(model, port, CloudWarmUp.fullStateFp16(model), FrameCodec.lossless(), digits, WARM_UP_FRAMES,
                Math.max(100, settings.frames()));
        double[] cost = r.stream().mapToDouble(x -> x.latency().encodeMs() + x.latency().transferMs() + x.latency().cloudDecodeMs())
                .sorted().toArray();
        out.printf(Locale.ROOT, "encode + gRPC + decode on loopback per frame (after %d warm-up frames), %d tokens x %d fp16 (%.0f bytes):"
                        + " mean %.2f ms, p50 %.2f ms, p95 %.2f ms (target <= 2 ms)%n", WARM_UP_FRAMES, r.get(0).tokensSent(),
                model.config().embedDim(),
                mean(r, x -> x.bytesSent()), Arrays.stream(cost).average().orElse(0), Timings.percentile(cost, 0.50), Timings.percentile(cost, 0.95));
    }

    private static double mean(List<FrameResult> r, ToDoubleFunction<FrameResult> f) {
        return r.stream().mapToDouble(f).average().orElse(0);
    }

    static String mib(long bytes) {
        return RuntimeProcess.mib(bytes);
    }
}
