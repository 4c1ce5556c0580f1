package io.janus.bench.link;

import io.janus.trace.BandwidthTrace;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * How faithfully the kernel link replays a trace: TCP sent as fast as it goes from the edge's namespace to a sink in
 * the cloud's, the rate changed at each trace step, the goodput the sink saw compared per step with the trace. The
 * goodput is TCP payload, the tbf rate counts whole frames: payload is 1448 of 1514 bytes on the wire (−4.4%).
 */
public final class LinkGoodput {

    /** Goodput is counted in buckets of this many milliseconds. */
    static final int BUCKET_MS = 50;
    /** The start of each step is left out: the queue of the previous rate drains, TCP adjusts. */
    static final double SETTLE_S = 0.25;
    static final int PORT = 5201;
    private static final int MAX_SECONDS = 600;

    /** One trace step: what the trace says and what the sink received. */
    public record Step(double startS, double seconds, double traceMbps, double goodputMbps) {
        public double error() {
            return goodputMbps / traceMbps - 1;
        }
    }

    private LinkGoodput() {
    }

    /**
     * Inside the link (the edge namespace): starts the sink in the cloud's namespace with {@code sinkCommand} (the
     * java command line up to the sink's arguments), replays {@code trace} while sending for {@code seconds}, and
     * returns the goodput per step of at least 1 s.
     */
    public static List<Step> measure(KernelLink link, BandwidthTrace trace, double seconds, List<String> sinkCommand,
                                     PrintStream out) throws IOException, InterruptedException {
        if (!(seconds > 0) || seconds > MAX_SECONDS) {
            throw new IllegalArgumentException("--seconds " + seconds + ": must be in (0, " + MAX_SECONDS + "]");
        }
        List<String> cmd = new ArrayList<>(sinkCommand);
        cmd.addAll(List.of(String.valueOf(PORT), String.valueOf(seconds + 5)));
        Process sink = new ProcessBuilder(link.inCloud(cmd)).redirectErrorStream(true).start();
        try {
            BufferedReader sinkOut = new BufferedReader(new InputStreamReader(sink.getInputStream(), StandardCharsets.UTF_8));
            String ready = sinkOut.readLine();
            if (ready == null || !ready.startsWith("listening")) {
                throw new IllegalStateException("the goodput sink did not start: " + ready);
            }
            long origin;
            TraceReplay replay = new TraceReplay(trace, List.of(), link::rate).start();
            try (replay; Socket s = new Socket()) {
                origin = System.nanoTime() - Math.round(replay.elapsedS() * 1e9);
                long end = origin + Math.round(seconds * 1e9);
                // Bounded: a sink that stops reading must not hang the sender.
                Thread watchdog = new Thread(() -> closeAt(s, end + 10_000_000_000L), "janus-goodput-watchdog");
                watchdog.setDaemon(true);
                watchdog.start();
                s.connect(new InetSocketAddress(KernelLink.CLOUD_ADDRESS, PORT), 5_000);
                OutputStream os = s.getOutputStream();
                byte[] chunk = new byte[16 * 1024];
                long sent = 0;
                long lastWrite = origin;
                try {
                    while (System.nanoTime() < end) {
                        os.write(chunk);
                        sent += chunk.length;
                        lastWrite = System.nanoTime();
                    }
                } catch (IOException e) {
                    // The watchdog closed a socket whose write blocked: name what stalled rather than "Socket closed".
                    throw new IOException(String.format(Locale.ROOT, "the link stopped carrying data: %d bytes sent in the first"
                            + " %.1f s of the replay, then a write blocked until the watchdog closed the socket (%s)", sent,
                            (lastWrite - origin) / 1e9, e.getMessage()), e);
                }
            }
            for (TraceReplay.Step st : replay.steps()) {
                out.printf(Locale.ROOT, "rate %.2f Mbps applied %.3f s into the replay%n", st.mbps(), st.atS());
            }
            link.rate(1000);
            List<long[]> buckets = new ArrayList<>();
            for (String line = sinkOut.readLine(); line != null; line = sinkOut.readLine()) {
                String[] p = line.split(",");
                if (p.length == 2 && p[0].matches("-?\\d+")) {
                    buckets.add(new long[] {Long.parseLong(p[0]), Long.parseLong(p[1])});
                }
            }
            sink.waitFor(10, TimeUnit.SECONDS);
            List<Step> steps = steps(trace, seconds, origin, buckets);
            for (Step st : steps) {
                out.printf(Locale.ROOT, "step %6.1f s .. %6.1f s: trace %7.2f Mbps, goodput %7.2f Mbps (%+.1f%%)%n", st.startS(),
                        st.startS() + st.seconds(), st.traceMbps(), st.goodputMbps(), 100 * st.error());
            }
            return steps;
        } finally {
            sink.destroyForcibly();
        }
    }

    private static void closeAt(Socket s, long nanos) {
        for (long left = nanos - System.nanoTime(); left > 0 && !s.isClosed(); left = nanos - System.nanoTime()) {
            java.util.concurrent.locks.LockSupport.parkNanos(Math.min(left, 100_000_000L));
        }
        try {
            s.close();
        } catch (IOException e) {
            // closing to unblock the sender
        }
    }

    /** Goodput per trace step of at least 1 s, from the sink's buckets (start nanos, bytes), the settling time left out. */
    static List<Step> steps(BandwidthTrace trace, double seconds, long originNanos, List<long[]> buckets) {
        List<Step> steps = new ArrayList<>();
        for (double t = 0; t < seconds; ) {
            double next = Math.min(trace.nextChange(t), seconds);
            double mbps = trace.mbpsAt(t);
            if (next - t >= 1.0 && mbps > 0) {
                double from = t + SETTLE_S;
                long bytes = 0;
                int n = 0;
                for (long[] b : buckets) {
                    double at = (b[0] - originNanos) / 1e9;
                    if (at >= from && at + BUCKET_MS / 1000.0 <= next) {
                        bytes += b[1];
                        n++;
                    }
                }
                double span = n * BUCKET_MS / 1000.0;
                steps.add(new Step(t, next - t, mbps, span == 0 ? 0 : bytes * 8 / span / 1e6));
            }
            t = next;
        }
        return steps;
    }

    /**
     * The sink (run in the cloud's namespace): prints "listening", accepts one connection on {@code port}, counts
     * bytes in {@link #BUCKET_MS} buckets for at most {@code seconds}, then prints each bucket as "startNanos,bytes".
     */
    public static void sink(int port, double seconds, PrintStream out) throws IOException {
        int n = (int) Math.ceil(Math.min(seconds, MAX_SECONDS) * 1000 / BUCKET_MS);
        long[] bytes = new long[n];
        try (ServerSocket server = new ServerSocket()) {
            server.setReceiveBufferSize(1 << 20);
            server.bind(new InetSocketAddress(KernelLink.CLOUD_ADDRESS, port));
            out.println("listening on " + KernelLink.CLOUD_ADDRESS + ":" + port);
            out.flush();
            server.setSoTimeout((int) (seconds * 1000));
            long origin = System.nanoTime();
            try (Socket s = server.accept()) {
                origin = System.nanoTime();
                s.setSoTimeout(10_000);
                InputStream in = s.getInputStream();
                byte[] buf = new byte[64 * 1024];
                for (int r = in.read(buf); r >= 0; r = in.read(buf)) {
                    int i = (int) ((System.nanoTime() - origin) / (BUCKET_MS * 1_000_000L));
                    if (i >= n) {
                        break;
                    }
                    bytes[i] += r;
                }
            } catch (java.net.SocketTimeoutException e) {
                System.err.println("goodput sink: no data for 10 s, stopping");
            }
            for (int i = 0; i < n; i++) {
                out.println((origin + i * BUCKET_MS * 1_000_000L) + "," + bytes[i]);
            }
        }
    }
}
