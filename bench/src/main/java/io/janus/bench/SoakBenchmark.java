package io.janus.bench;

import io.janus.model.LabelledImages;
import io.janus.model.RawImage;
import io.janus.model.VitModel;
import io.janus.plan.Mode;
import io.janus.profile.LinearFit;
import io.janus.profile.Timings;
import io.janus.wire.LoopbackPorts;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import javax.imageio.ImageIO;

/**
 * The soak: a cloud and one edge per split point as child JVMs on loopback, PNG digits POSTed to each edge's
 * {@code /v1/infer} at a fixed rate for minutes, the resident memory (VmRSS) of every process sampled as it goes, and a
 * least-squares slope of it after a warm-up. A leak shows as a slope that does not flatten. Prints numbers; the last
 * two lines are {@code cloud rss slope=<x> MB/min} and {@code edge rss slope=<x> MB/min} (the steepest edge).
 */
public final class SoakBenchmark {

    /** Frames one edge may have unanswered at once; a tick beyond it is skipped and counted (the edge fell behind). */
    static final int MAX_IN_FLIGHT = 16;
    private static final Duration FRAME_TIMEOUT = Duration.ofSeconds(30);

    /**
     * @param model          model folder
     * @param digits         the shipped digits (safetensors)
     * @param duration       how long frames are sent
     * @param warmUp         samples before this are left out of the slope (JIT, heap sizing, first allocations)
     * @param framesPerSecond rate of frames to each edge
     * @param splits         one edge per split point (L + 1 = device-only), each with schedule {@code exp:0.1}; empty:
     *                       3 and L + 1, a collaborative edge and a device-only one
     * @param sampleEvery    how often RSS is sampled and a row printed
     * @param janusMain      the java command line that runs {@code io.janus.cli.Janus}, up to the subcommand
     */
    public record Settings(Path model, Path digits, Duration duration, Duration warmUp, double framesPerSecond,
                           List<Integer> splits, Duration sampleEvery, List<String> janusMain) {
        public Settings {
            if (duration.isNegative() || duration.isZero()) {
                throw new IllegalArgumentException("--minutes: must be > 0");
            }
            if (warmUp.isNegative() || warmUp.compareTo(duration) >= 0) {
                throw new IllegalArgumentException("warm-up of " + warmUp.toSeconds() + " s: must be shorter than the run ("
                        + duration.toSeconds() + " s)");
            }
            if (!(framesPerSecond > 0 && framesPerSecond <= 1000)) {
                throw new IllegalArgumentException("--rate " + framesPerSecond + ": must be in (0, 1000] frames/s");
            }
        }
    }

    /** The figures a caller (or a test) checks: slopes after the warm-up in MB/min, and the frame counts. */
    public record Result(double cloudSlopeMbPerMin, List<Double> edgeSlopesMbPerMin, long sent, long answered, long refused,
                         long lost, long skipped) {
        public double edgeSlopeMbPerMin() {
            return edgeSlopesMbPerMin.stream().mapToDouble(Double::doubleValue).max().orElse(Double.NaN);
        }
    }

    private final Settings settings;
    private final PrintStream out;

    public SoakBenchmark(Settings settings, PrintStream out) {
        this.settings = settings;
        this.out = out;
    }

    public Result run() throws Exception {
        int depth;
        try (VitModel m = VitModel.load(settings.model())) {
            depth = m.config().depth();
        }
        List<Integer> splits = settings.splits().isEmpty() ? List.of(3, depth + 1) : settings.splits();
        for (int split : splits) {
            if (split < 0 || split > depth + 1) {
                throw new IllegalArgumentException("--splits: " + split + " outside [0, " + (depth + 1) + "] for this model");
            }
        }
        List<byte[]> frames = pngDigits(settings.digits(), 100);
        int cloudPort = LoopbackPorts.free();
        List<RuntimeProcess> edges = new ArrayList<>();
        try (RuntimeProcess cloud = RuntimeProcess.cloud(settings.janusMain(), settings.model(), cloudPort)) {
            try {
                for (int split : splits) {
                    edges.add(RuntimeProcess.edge(settings.janusMain(), settings.model(), cloudPort, LoopbackPorts.free(),
                            List.of("--split", String.valueOf(split), "--schedule", "exp:0.1")));
                }
                return soak(cloud, edges, splits, depth, frames);
            } finally {
                edges.forEach(RuntimeProcess::close);
            }
        }
    }

    private Result soak(RuntimeProcess cloud, List<RuntimeProcess> edges, List<Integer> splits, int depth,
                        List<byte[]> frames) throws Exception {
        out.printf(Locale.ROOT, "janus bench soak: %.1f min, %.1f frames/s to each edge, PNG digits over HTTP; cloud %s; %s;"
                        + " RSS sampled every %d s, slope fitted after a %d s warm-up%n", settings.duration().toSeconds() / 60.0,
                settings.framesPerSecond(), cloud.describe(), describeEdges(edges, splits, depth), settings.sampleEvery().toSeconds(),
                settings.warmUp().toSeconds());
        StringBuilder header = new StringBuilder("     t  cloud MB");
        for (int i = 0; i < edges.size(); i++) {
            header.append(String.format(Locale.ROOT, "  edge%d MB", i + 1));
        }
        out.println(header.append("      sent  answered  refused  lost  skipped  frames/s  p50 ms  p95 ms"));

        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();
        List<Driver> drivers = new ArrayList<>();
        for (int i = 0; i < edges.size(); i++) {
            drivers.add(new Driver(http, URI.create("http://127.0.0.1:" + edges.get(i).port() + "/v1/infer"), frames));
        }
        ScheduledExecutorService ticks = Executors.newScheduledThreadPool(1);
        long periodNanos = (long) (1e9 / settings.framesPerSecond());
        drivers.forEach(d -> ticks.scheduleAtFixedRate(d::send, 0, periodNanos, TimeUnit.NANOSECONDS));

        List<double[]> samples = new ArrayList<>(); // t in min, cloud MB, edge MB...
        long t0 = System.nanoTime();
        long end = t0 + settings.duration().toNanos();
        long answeredBefore = 0;
        for (long next = t0; next <= end; next += settings.sampleEvery().toNanos()) {
            sleepUntil(next);
            double minutes = (System.nanoTime() - t0) / 6e10;
            double[] row = new double[2 + edges.size()];
            row[0] = minutes;
            row[1] = mb(cloud.residentBytes());
            for (int i = 0; i < edges.size(); i++) {
                row[2 + i] = mb(edges.get(i).residentBytes());
            }
            samples.add(row);
            long answered = drivers.stream().mapToLong(d -> d.answered.get()).sum();
            printRow(row, drivers, (answered - answeredBefore) / (double) settings.sampleEvery().toSeconds());
            answeredBefore = answered;
            checkAlive(cloud, edges);
        }
        ticks.shutdownNow();
        drivers.forEach(Driver::awaitQuiet);
        return summary(samples, drivers, splits, depth);
    }

    private Result summary(List<double[]> samples, List<Driver> drivers, List<Integer> splits, int depth) {
        double warmUpMin = settings.warmUp().toSeconds() / 60.0;
        List<double[]> fitted = samples.stream().filter(s -> s[0] >= warmUpMin).toList();
        double cloudSlope = slope(fitted, 1);
        List<Double> edgeSlopes = new ArrayList<>();
        long sent = 0;
        long answered = 0;
        long refused = 0;
        long lost = 0;
        long skipped = 0;
        for (int i = 0; i < drivers.size(); i++) {
            Driver d = drivers.get(i);
            double s = slope(fitted, 2 + i);
            edgeSlopes.add(s);
            double framesPerMin = d.answered.get() / (settings.duration().toSeconds() / 60.0);
            out.printf(Locale.ROOT, "edge%d (split %d, %s): rss %.0f -> %.0f MB, slope %.2f MB/min after warm-up = %.1f kB per frame"
                            + " answered; sent %d, answered %d, refused %d, lost %d %s, skipped %d%n", i + 1, splits.get(i),
                    mode(splits.get(i), depth), samples.get(0)[2 + i], samples.get(samples.size() - 1)[2 + i], s,
                    framesPerMin > 0 ? s * 1024 / framesPerMin : Double.NaN, d.sent.get(), d.answered.get(), d.refused.get(),
                    d.lost.get(), d.lostBy, d.skipped.get());
            sent += d.sent.get();
            answered += d.answered.get();
            refused += d.refused.get();
            lost += d.lost.get();
            skipped += d.skipped.get();
        }
        out.printf(Locale.ROOT, "cloud: rss %.0f -> %.0f MB; slopes fitted over %d samples from %.1f min%n", samples.get(0)[1],
                samples.get(samples.size() - 1)[1], fitted.size(), warmUpMin);
        out.printf(Locale.ROOT, "frames sent=%d answered=%d refused=%d lost=%d (skipped while an edge had %d unanswered: %d)%n",
                sent, answered, refused, lost, MAX_IN_FLIGHT, skipped);
        Result r = new Result(cloudSlope, edgeSlopes, sent, answered, refused, lost, skipped);
        out.printf(Locale.ROOT, "cloud rss slope=%.2f MB/min%n", cloudSlope);
        out.printf(Locale.ROOT, "edge rss slope=%.2f MB/min%n", r.edgeSlopeMbPerMin());
        return r;
    }

    private void printRow(double[] row, List<Driver> drivers, double fps) {
        StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "%5.0fs  %8.0f", row[0] * 60, row[1]));
        for (int i = 2; i < row.length; i++) {
            line.append(String.format(Locale.ROOT, "  %8.0f", row[i]));
        }
        double[] latencies = drivers.stream().flatMapToDouble(Driver::drainLatencies).sorted().toArray();
        line.append(String.format(Locale.ROOT, "  %8d  %8d  %7d  %4d  %7d  %8.1f  %6.1f  %6.1f",
                drivers.stream().mapToLong(d -> d.sent.get()).sum(), drivers.stream().mapToLong(d -> d.answered.get()).sum(),
                drivers.stream().mapToLong(d -> d.refused.get()).sum(), drivers.stream().mapToLong(d -> d.lost.get()).sum(),
                drivers.stream().mapToLong(d -> d.skipped.get()).sum(), fps,
                latencies.length == 0 ? Double.NaN : Timings.percentile(latencies, 0.50),
                latencies.length == 0 ? Double.NaN : Timings.percentile(latencies, 0.95)));
        out.println(line);
    }

    /** Least-squares slope of column {@code col} against time, in MB/min; NaN with fewer than two samples. */
    static double slope(List<double[]> samples, int col) {
        if (samples.size() < 2) {
            return Double.NaN;
        }
        double[] t = samples.stream().mapToDouble(s -> s[0]).toArray();
        double[] y = samples.stream().mapToDouble(s -> s[col]).toArray();
        return LinearFit.of(t, y).a();
    }

    private static void checkAlive(RuntimeProcess cloud, List<RuntimeProcess> edges) {
        List<RuntimeProcess> all = new ArrayList<>(edges);
        all.add(cloud);
        for (RuntimeProcess p : all) {
            if (!p.isAlive()) {
                throw new IllegalStateException("process " + p.pid() + " exited during the soak; its log: " + p.log());
            }
        }
    }

    private static String describeEdges(List<RuntimeProcess> edges, List<Integer> splits, int depth) {
        List<String> parts = new ArrayList<>();
        for (int i = 0; i < edges.size(); i++) {
            int split = splits.get(i);
            parts.add(String.format(Locale.ROOT, "edge%d %s split %d (%s, exp:0.1)", i + 1, edges.get(i).describe(), split,
                    mode(split, depth)));
        }
        return String.join(", ", parts);
    }

    private static String mode(int split, int depth) {
        return Mode.of(split, depth).label();
    }

    private static double mb(long bytes) {
        return bytes < 0 ? Double.NaN : bytes / 1048576.0;
    }

    private static void sleepUntil(long nanoTime) throws InterruptedException {
        long left = nanoTime - System.nanoTime();
        if (left > 0) {
            TimeUnit.NANOSECONDS.sleep(left);
        }
    }

    /** The shipped digits as PNG files, as a camera or a client would send them. */
    static List<byte[]> pngDigits(Path file, int count) {
        List<byte[]> out = new ArrayList<>();
        for (RawImage d : LabelledImages.open(file).first(count)) {
            BufferedImage img = d.toBufferedImage();
            ByteArrayOutputStream png = new ByteArrayOutputStream();
            try {
                ImageIO.write(img, "png", png);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            out.add(png.toByteArray());
        }
        return out;
    }

    /** Sends frames to one edge, open loop: one per tick, answered or not, up to {@link #MAX_IN_FLIGHT} outstanding. */
    private static final class Driver {
        final AtomicLong sent = new AtomicLong();
        final AtomicLong answered = new AtomicLong();
        final AtomicLong refused = new AtomicLong();
        final AtomicLong lost = new AtomicLong();
        final AtomicLong skipped = new AtomicLong();
        private final AtomicInteger inFlight = new AtomicInteger();
        private final ConcurrentLinkedQueue<Double> latencies = new ConcurrentLinkedQueue<>();
        /** Why frames were lost: an HTTP status or an exception's class, with counts. */
        final java.util.Map<String, AtomicLong> lostBy = new java.util.concurrent.ConcurrentSkipListMap<>();
        private final HttpClient http;
        private final URI infer;
        private final List<byte[]> frames;

        Driver(HttpClient http, URI infer, List<byte[]> frames) {
            this.http = http;
            this.infer = infer;
            this.frames = frames;
        }

        void send() {
            if (inFlight.incrementAndGet() > MAX_IN_FLIGHT) {
                inFlight.decrementAndGet();
                skipped.incrementAndGet();
                return;
            }
            byte[] png = frames.get((int) (sent.getAndIncrement() % frames.size()));
            HttpRequest request = HttpRequest.newBuilder(infer).timeout(FRAME_TIMEOUT).header("Content-Type", "image/png")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(png)).build();
            long start = System.nanoTime();
            http.sendAsync(request, HttpResponse.BodyHandlers.ofByteArray()).whenComplete((response, error) -> {
                if (error == null && response.statusCode() == 200) {
                    answered.incrementAndGet();
                    latencies.add((System.nanoTime() - start) / 1e6);
                } else if (error == null && (response.statusCode() == 429 || response.statusCode() == 503)) {
                    refused.incrementAndGet();
                } else {
                    lost.incrementAndGet();
                    String why = error != null ? rootCause(error).getClass().getSimpleName() : "HTTP " + response.statusCode();
                    lostBy.computeIfAbsent(why, k -> new AtomicLong()).incrementAndGet();
                }
                inFlight.decrementAndGet();
            });
        }

        private static Throwable rootCause(Throwable t) {
            return t.getCause() == null || t.getCause() == t ? t : rootCause(t.getCause());
        }

        java.util.stream.DoubleStream drainLatencies() {
            List<Double> drained = new ArrayList<>();
            for (Double d; (d = latencies.poll()) != null; ) {
                drained.add(d);
            }
            return drained.stream().mapToDouble(Double::doubleValue);
        }

        /** Waits for the frames still unanswered (each times out by itself). */
        void awaitQuiet() {
            long deadline = System.nanoTime() + FRAME_TIMEOUT.toNanos() + 5_000_000_000L;
            while (inFlight.get() > 0 && System.nanoTime() < deadline) {
                try {
                    Thread.sleep(50);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }
}
