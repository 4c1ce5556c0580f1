package io.janus.cli;

import io.janus.cloud.CloudConfig;
import io.janus.cloud.CloudServer;
import io.janus.edge.EdgeConfig;
import io.janus.edge.EdgeOptions;
import io.janus.edge.EdgeServer;
import io.janus.edge.FrameResult;
import io.janus.edge.LinkEmulation;
import io.janus.edge.SchedulerFactory;
import io.janus.model.LabelledImages;
import io.janus.model.RawImage;
import io.janus.model.VitModel;
import io.janus.plan.BandwidthEstimator;
import io.janus.plan.Decider;
import io.janus.plan.Decision;
import io.janus.plan.Mode;
import io.janus.profile.ModelGeometry;
import io.janus.profile.ProfileSource;
import io.janus.profile.Timings;
import io.janus.status.EdgeStatus;
import io.janus.trace.BandwidthTrace;
import io.janus.wire.FrameCodec;
import io.janus.wire.TransportSecurity;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Function;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code ./janus demo}: a cloud and an edge runtime in this process on loopback (ephemeral ports), the edge looping
 * over sample digits through an emulated uplink replaying a bundled WiFi trace; one line per second, then a summary.
 */
@Command(name = "demo", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Run edge and cloud on loopback over an emulated uplink and print live figures.",
            "The link replays the bundled Solis WiFi trace plus an RTT, and the edge is slowed down (both EMULATION);",
            "the scheduler picks α and the split point per frame. Each second prints frames/s, the decision,",
            "bytes/frame, latency p50/p95 and SLA violations, then a summary."})
public final class DemoCommand implements Callable<Integer> {

    @Option(names = "--duration", defaultValue = "30", description = "Seconds to run (default ${DEFAULT-VALUE}).")
    int durationSeconds;

    @Option(names = "--trace", paramLabel = "CSV", description = "Uplink trace to replay (default: traces/solis-wifi-static-1.csv).")
    Path trace;

    // The default window (50-80 s of the office WiFi trace) has 13-18 Mbps seconds (cloud-only wins), 6-10 Mbps ones (a
    // split after block 1), a 0 Mbps outage at 67-70 s (device-only) and 4.6-6.7 Mbps from 74 s, where only a split
    // with merging (α about 0.1) meets the SLA: each regime wins part of the run.
    @Option(names = "--trace-start", defaultValue = "50", paramLabel = "S", description = "Start the replay S seconds into the trace (default ${DEFAULT-VALUE}).")
    double traceStart;

    @Option(names = "--rtt-ms", defaultValue = "20", description = "Emulated round-trip time (default ${DEFAULT-VALUE}).")
    double rttMs;

    @Option(names = "--sla-ms", defaultValue = "250", description = "Latency budget per frame (default ${DEFAULT-VALUE}).")
    int slaMs;

    @Mixin
    FixedDecisionOptions fixedDecision = new FixedDecisionOptions();

    // int8 tokens (a quarter of fp32) let a split beat shipping the camera frame whole on the trace's weaker seconds.
    @Option(names = "--codec", defaultValue = "int8", description = "Token codec: fp32, fp16, int8 (default ${DEFAULT-VALUE}).")
    String codec;

    @Option(names = "--frame-codec", defaultValue = "lossless", description = "Frame codec at split 0: lossless or jpeg:Q (default ${DEFAULT-VALUE}).")
    String frameCodec;

    // Edge and cloud share this CPU, so the edge is slowed down to make the trade-off real: at 8× an unmerged frame
    // takes the device about 380 ms (preprocessing of the camera frame included), over the 250 ms SLA, so device-only
    // needs token merging (α about 0.2); a 120 KB camera frame shipped whole meets the SLA only on the trace's faster
    // seconds, and a split after the first block (38 KB of int8 tokens) on most others. The paper's Jetson-vs-V100 gap
    // is nearer 20×; there a device fallback outlasts the trace's outages (try --slowdown 20 --sla-ms 400).
    @Option(names = "--slowdown", defaultValue = "8", description = "EMULATION: stretch edge compute (and the edge's latency profile)"
            + " by this factor, for an edge that much slower than the cloud (default ${DEFAULT-VALUE}).")
    double slowdown;

    @Mixin
    SchedulerOptions scheduling = new SchedulerOptions();

    @Option(names = "--digits", defaultValue = "100", description = "Sample digits the edge loops over (default ${DEFAULT-VALUE}, at most 2000).")
    int digits;

    @Option(names = "--frame-side", defaultValue = "224", paramLabel = "PX", description = "EMULATION: each digit delivered as a"
            + " PX x PX RGB camera frame (upscaled, tinted, sensor noise); 28 sends the raw digits (default ${DEFAULT-VALUE}).")
    int frameSide;

    @Option(names = "--model", paramLabel = "DIR", description = "Model folder (default: the bundled vit-tiny-mnist).")
    Path model;

    /** One answered frame, with the digit's true label from its file name. */
    private record Sample(FrameResult result, int label) {}

    @Override
    public Integer call() throws Exception {
        if (durationSeconds < 1 || digits < 1 || digits > 2000) {
            throw new IllegalArgumentException("--duration must be >= 1 and --digits in 1..2000");
        }
        if (frameSide < 28 || frameSide > 1024) {
            throw new IllegalArgumentException("--frame-side " + frameSide + ": must be in 28..1024");
        }
        Launcher.computeThreads();
        Path modelDir = model == null ? Launcher.model() : model;
        Path traceFile = trace == null ? Launcher.home().resolve("traces/solis-wifi-static-1.csv") : trace;
        BandwidthTrace link = BandwidthTrace.load(traceFile);
        EdgeOptions options = EdgeOptions.of(slaMs, FrameCodec.parse(frameCodec), LinkEmulation.of(traceFile, traceStart, rttMs),
                slowdown, BandwidthEstimator.DEFAULT_K, BandwidthEstimator.DEFAULT_PRIOR_MBPS, 3);
        Decision decision = fixedDecision.decision(codec);
        boolean fixed = fixedDecision.fixed();
        PrintStream out = System.out;
        Path frames = writeDigits(Launcher.home().resolve("data/mnist-test.safetensors"), digits, frameSide);
        long frameBytes = meanFrameBytes(frames, FrameCodec.parse(frameCodec));
        ConcurrentLinkedQueue<Sample> samples = new ConcurrentLinkedQueue<>();
        try (CloudServer cloud = CloudServer.start(CloudConfig.local(modelDir, TransportSecurity.plaintext()))) {
            EdgeConfig cfg = new EdgeConfig(modelDir, "127.0.0.1:" + cloud.port(), 0, "127.0.0.1", TransportSecurity.plaintext(),
                    decision, options, frames);
            // The edge measures this machine as the cloud did (same cache file), then plans as a device `slowdown` times slower.
            Function<VitModel, Decider> deciders = fixed ? m -> Decider.fixed(decision)
                    : m -> SchedulerFactory.scheduler(ProfileSource.measured().obtain(m), slowdown,
                            scheduling.applyTo(SchedulerFactory.config(ModelGeometry.of(m.config()), null, null)),
                            decision.codec(), frameBytes);
            try (EdgeServer edge = EdgeServer.startWith(cfg, deciders, (p, r) -> samples.add(new Sample(r, labelOf(p))))) {
                awaitCloudProfile(edge, fixed);
                out.printf(Locale.ROOT, "Janus demo: cloud gRPC 127.0.0.1:%d, edge API http://127.0.0.1:%d/v1/status, %d digits, %s%n",
                        cloud.port(), edge.httpPort(), digits, fixed ? "FIXED " + decision : edge.runtime().status().decider()
                                + " with the cloud's profile fetched over gRPC");
                out.printf(Locale.ROOT, "EMULATED uplink: %s from %.0f s (mean %.1f Mbps over the run) + %.0f ms RTT; EMULATED edge: compute"
                                + " and profile x%.0f slower than the cloud; SLA %d ms%n", traceFile.getFileName(), traceStart,
                        meanMbps(link, traceStart, durationSeconds), rttMs, slowdown, slaMs);
                out.printf(Locale.ROOT, "%s: %d bytes per frame at split 0 (%s)%n", frameSide == 28 ? "raw 28x28 digits"
                        : String.format(Locale.ROOT, "EMULATED camera: digits as %dx%d RGB frames with sensor noise", frameSide,
                                frameSide), frameBytes, frameCodec);
                out.println("   t  frames/s  split  alpha      mode          pred ms  bytes/frame   p50 ms   p95 ms  violations  fallbacks"
                        + "  link Mbps");
                List<Sample> all = new ArrayList<>();
                long start = System.nanoTime();
                for (int second = 1; second <= durationSeconds; second++) {
                    long wake = start + second * 1_000_000_000L;
                    Thread.sleep(Math.max(0, (wake - System.nanoTime()) / 1_000_000));
                    List<Sample> now = drain(samples);
                    all.addAll(now);
                    out.println(line(second, now, edge.runtime().status()));
                }
                out.println(summary(all, (System.nanoTime() - start) / 1e9, edge.runtime().status()));
                out.println(modeShares(all));
            }
        } finally {
            deleteTree(frames);
        }
        return 0;
    }

    /** Waits (at most 10 s) until the edge's scheduler has the cloud's profile, so that the run shows collaboration. */
    private static void awaitCloudProfile(EdgeServer edge, boolean fixed) throws InterruptedException {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (!fixed && edge.runtime().cloudProfilesFetched() == 0 && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
    }

    /** The α in force now, or the range of the second's frames when the scheduler changed it within the second. */
    private static String alphas(List<Sample> frames, EdgeStatus s) {
        double[] a = frames.stream().map(f -> f.result().decliningRate()).filter(java.util.Objects::nonNull)
                .mapToDouble(Double::doubleValue).toArray();
        double lo = Arrays.stream(a).min().orElse(Double.NaN);
        double hi = Arrays.stream(a).max().orElse(Double.NaN);
        if (a.length > 0 && lo != hi) {
            return String.format(Locale.ROOT, "%.2f-%.2f", lo, hi);
        }
        return s.decliningRate() == null ? "-" : String.format(Locale.ROOT, "%.2f", s.decliningRate());
    }

    /** The trace's mean rate over the replayed window. */
    private static double meanMbps(BandwidthTrace trace, double from, int seconds) {
        return java.util.stream.IntStream.range(0, seconds).mapToDouble(t -> trace.mbpsAt(from + t + 0.5)).average().orElse(0);
    }

    private String line(int second, List<Sample> frames, EdgeStatus s) {
        double[] lat = frames.stream().mapToDouble(f -> f.result().latency().totalMs()).sorted().toArray();
        long violations = Arrays.stream(lat).filter(l -> l > slaMs).count();
        long fallbacks = frames.stream().filter(f -> f.result().fallbackReason() != null).count();
        return String.format(Locale.ROOT, "%4ds  %8.1f  %5d  %-9s  %-13s %7s  %11.0f  %7.1f  %7.1f  %9.1f%%  %9d  %9.1f", second,
                (double) frames.size(), s.splitPoint(), alphas(frames, s),
                s.mode().statusName(), s.predictedMs() == null ? "-" : String.format(Locale.ROOT, "%.0f", s.predictedMs()),
                frames.stream().mapToLong(f -> f.result().bytesSent()).average().orElse(0), Timings.percentile(lat, 0.5), Timings.percentile(lat, 0.95),
                lat.length == 0 ? 0 : 100.0 * violations / lat.length, fallbacks, s.traceMbps() == null ? Double.NaN : s.traceMbps());
    }

    private String summary(List<Sample> frames, double seconds, EdgeStatus s) {
        double[] lat = frames.stream().mapToDouble(f -> f.result().latency().totalMs()).sorted().toArray();
        long correct = frames.stream().filter(f -> f.result().top1() == f.label()).count();
        long violations = Arrays.stream(lat).filter(l -> l > slaMs).count();
        long collaborative = frames.stream().filter(f -> !ran(f, Mode.DEVICE_ONLY)).count();
        return String.format(Locale.ROOT, "%nsummary: %d frames in %.0f s (%.1f frames/s), top-1 accuracy %.1f%%, latency p50 %.1f ms /"
                        + " p95 %.1f ms, SLA %d ms violated by %.1f%%, %.0f bytes/frame, %d finished by the cloud, %d fell back"
                        + " to the device, bandwidth estimate %.1f Mbps (EMULATED link)",
                frames.size(), seconds, frames.size() / seconds, frames.isEmpty() ? 0 : 100.0 * correct / frames.size(),
                Timings.percentile(lat, 0.5), Timings.percentile(lat, 0.95), slaMs, lat.length == 0 ? 0 : 100.0 * violations / lat.length,
                frames.stream().mapToLong(f -> f.result().bytesSent()).average().orElse(0), collaborative, s.framesFellBack(),
                s.bandwidthMbps());
    }

    /** The share of frames each regime finished: the cloud alone, a split (the edge's blocks, then the cloud), the device. */
    static String modeShares(List<Sample> frames) {
        double n = Math.max(1, frames.size());
        java.util.function.ToLongFunction<Mode> count = mode -> frames.stream().filter(f -> ran(f, mode)).count();
        long merged = frames.stream().filter(f -> ran(f, Mode.COLLABORATIVE) && f.result().decliningRate() != null
                && f.result().decliningRate() > 0).count();
        return String.format(Locale.ROOT, "frames by mode: cloud-only %.0f%%, split %.0f%% (with merging %.0f%%), device-only %.0f%%",
                100 * count.applyAsLong(Mode.CLOUD_ONLY) / n, 100 * count.applyAsLong(Mode.COLLABORATIVE) / n, 100 * merged / n,
                100 * count.applyAsLong(Mode.DEVICE_ONLY) / n);
    }

    private static boolean ran(Sample frame, Mode mode) {
        return frame.result().mode() == mode;
    }

    private static List<Sample> drain(ConcurrentLinkedQueue<Sample> queue) {
        List<Sample> out = new ArrayList<>();
        for (Sample s = queue.poll(); s != null; s = queue.poll()) {
            out.add(s);
        }
        return out;
    }

    /**
     * Sample digits as PNG files named {@code digit-NNNN-label-L.png}, in a temporary folder: the raw 28×28 digits at
     * {@code side} 28, else each as a camera would deliver it (EMULATED): upscaled to side × side RGB (bilinear), a
     * warm tint, and sensor noise (σ = {@link #SENSOR_NOISE}), so that a frame costs what a camera frame costs to send.
     */
    static Path writeDigits(Path file, int count, int side) throws IOException {
        LabelledImages digits = LabelledImages.open(file);
        Path dir = Files.createTempDirectory("janus-demo-digits");
        for (int i = 0; i < Math.min(count, digits.size()); i++) {
            RawImage digit = digits.image(i);
            BufferedImage img = digit.toBufferedImage();
            BufferedImage frame = side == digit.width() ? img : cameraFrame(img, side, new java.util.Random(i));
            ImageIO.write(frame, "png", dir.resolve(String.format(Locale.ROOT, "digit-%04d-label-%d.png", i, digits.label(i))).toFile());
        }
        return dir;
    }

    /** Standard deviation of the emulated camera's sensor noise, in 8-bit levels. */
    static final double SENSOR_NOISE = 6;

    /** A gray digit as a side × side RGB camera frame: bilinear upscale, warm tint, Gaussian sensor noise. */
    static BufferedImage cameraFrame(BufferedImage digit, int side, java.util.Random noise) {
        BufferedImage up = new BufferedImage(side, side, BufferedImage.TYPE_INT_RGB);
        java.awt.Graphics2D g = up.createGraphics();
        g.setRenderingHint(java.awt.RenderingHints.KEY_INTERPOLATION, java.awt.RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        g.drawImage(digit, 0, 0, side, side, null);
        g.dispose();
        double[] tint = {1.0, 0.92, 0.8};
        for (int y = 0; y < side; y++) {
            for (int x = 0; x < side; x++) {
                int v = up.getRGB(x, y) & 0xff;
                int rgb = 0;
                for (double t : tint) {
                    int c = (int) Math.round(12 + v * t * 0.9 + noise.nextGaussian() * SENSOR_NOISE);
                    rgb = (rgb << 8) | Math.max(0, Math.min(255, c));
                }
                up.setRGB(x, y, rgb);
            }
        }
        return up;
    }

    /** Mean size of the frames in {@code dir} as the edge sends them at split 0 under {@code codec}, in bytes. */
    static long meanFrameBytes(Path dir, io.janus.wire.FrameCodec codec) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return Math.round(files.mapToLong(p -> {
                try {
                    io.janus.model.RawImage image = io.janus.model.RawImage.decode(Files.readAllBytes(p));
                    return codec.encode(image.height(), image.width(), image.channels(), image.pixels()).getSerializedSize();
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }).average().orElse(0));
        }
    }

    private static int labelOf(Path p) {
        String name = p.getFileName().toString();
        return Integer.parseInt(name.substring(name.lastIndexOf('-') + 1, name.indexOf('.')));
    }

    private static void deleteTree(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
