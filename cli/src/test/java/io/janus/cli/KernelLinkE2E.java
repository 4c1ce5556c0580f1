package io.janus.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.janus.bench.link.KernelLink;
import io.janus.testing.ProjectFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The kernel-shaped link (network namespaces, veth, tc tbf, iptables loss) with the real runtimes in it, through the
 * one entry point users have ({@code ./janus link ...}, {@code ./janus bench e2e --link kernel}). Needs root, ip, tc
 * and iptables; skipped with a message elsewhere.
 */
class KernelLinkE2E {

    /**
     * Cloud-only wins while the link is up (a 5× slower device: unmerged, about half the SLA here), device-only keeps
     * frames in the SLA when it is down. At 10× the device-only plan was predicted at 97% of the SLA, and a loaded
     * build machine stretched it past the bound being tested.
     */
    private static final int SLA_MS = 1000;
    private static final int SLOWDOWN = 5;
    private static final double OUTAGE_START_S = 8;
    private static final double OUTAGE_S = 5;
    /**
     * From the link's return to frames decided for the cloud again: a breaker probe within its 500 ms interval, one
     * more after a probe whose SYN the outage dropped (500 ms reach timeout), the probe's answer, the estimate's update.
     */
    private static final double RECOVERY_S = 1.5;
    /** Beyond the SLA a frame may wait: the deadline timer's lateness, encoding and decoding on a loaded machine. */
    private static final double WAIT_MARGIN_MS = 100;

    @BeforeAll
    static void requireKernelLink() {
        Assumptions.assumeTrue(KernelLink.usable(), "skipped: the kernel link needs root, ip, tc and iptables");
        Assumptions.assumeTrue(Files.isRegularFile(ProjectFiles.root().resolve("cli/target/janus-cli.jar")),
                "skipped: cli/target/janus-cli.jar is not built (run mvn package)");
    }

    @Test
    void theLinkReplaysATraceWithinTenPercentPerStep(@TempDir Path dir) throws Exception {
        Path trace = Files.writeString(dir.resolve("steps.csv"), "time_s,uplink_mbps\n0,4\n2,12\n4,2\n6,8\n8,8\n");
        String out = janus("link", "goodput", "--trace", trace.toString(), "--seconds", "10");
        Matcher m = Pattern.compile("goodput within 10% of the trace in (\\d+) of (\\d+) steps").matcher(out);
        assertThat(m.find()).as(out).isTrue();
        assertThat(Integer.parseInt(m.group(2))).isGreaterThanOrEqualTo(4);
        assertThat(m.group(1)).as(out).isEqualTo(m.group(2));
    }

    @Test
    void aFiveSecondOutageLosesNoFrameAndEveryFrameStartedOneAndAHalfSecondsAfterTheLinkReturnsGoesToTheCloud(@TempDir Path dir)
            throws Exception {
        List<Frame> frames = outageRun(dir, 0);
        assertThat(frames).isNotEmpty().allSatisfy(f -> assertThat(f.top1Known()).isTrue());
        assertThat(frames).allSatisfy(KernelLinkE2E::waitedNoLongerThanItsSla);
        assertThat(frames.stream().filter(f -> f.startS() < OUTAGE_START_S - 1).filter(Frame::cloudAnswered))
                .as("collaboration before the outage").isNotEmpty();
        double linkBackS = OUTAGE_START_S + OUTAGE_S;
        double back = frames.stream().filter(f -> f.startS() >= linkBackS).filter(Frame::cloudAnswered)
                .mapToDouble(Frame::startS).min().orElse(Double.POSITIVE_INFINITY);
        System.out.printf(java.util.Locale.ROOT, "KernelLinkE2E: collaboration back %.2f s after the link%n", back - linkBackS);
        // Frames are decided when they start: one under way on the device when the link returns (up to a second or
        // more at 5× on a loaded machine) delays the first cloud frame without any decision being late.
        List<Frame> decidedLater = frames.stream().filter(f -> f.startS() >= linkBackS + RECOVERY_S).toList();
        assertThat(decidedLater).as("frames started %.1f s or more after the link's return", RECOVERY_S).isNotEmpty()
                .allSatisfy(f -> assertThat(f.cloudAnswered()).as("cloud answered %s", f).isTrue());
    }

    @Test
    void underTenPercentLossNoFrameIsLostNorWaitsPastItsSla(@TempDir Path dir) throws Exception {
        List<Frame> frames = outageRun(dir, 0.10);
        assertThat(frames).isNotEmpty().allSatisfy(f -> assertThat(f.top1Known()).isTrue());
        assertThat(frames).allSatisfy(KernelLinkE2E::waitedNoLongerThanItsSla);
    }

    /**
     * What the runtime bounds: a frame waits (for the cloud, the link, a worker) at most its SLA, then the device
     * finishes it. Its own compute is the emulated device's: at 5× the sleep that emulates it multiplies whatever stall
     * the real compute met on a loaded machine (a CI run measured a fallback's device share at 1.06 s, where this
     * machine takes 0.16–0.27 s), so the frame's total is no bound of the runtime's.
     */
    private static void waitedNoLongerThanItsSla(Frame f) {
        assertThat(f.latencyMs() - f.edgeMs() - f.deviceMs()).as("frame %d waited (latency less its compute): %s", f.index(), f)
                .isLessThanOrEqualTo(SLA_MS + WAIT_MARGIN_MS);
    }

    /** One measured frame of bench e2e --frames-csv; {@code edgeMs} and {@code deviceMs} are its compute on the edge. */
    record Frame(int index, double startS, double latencyMs, String mode, boolean top1Known, double edgeMs, double deviceMs,
                 double transferMs) {
        boolean cloudAnswered() {
            return !mode.equals("DeviceOnly");
        }
    }

    /** bench e2e on a constant 20 Mbps kernel link with a 5 s outage, the given loss; its frames. */
    private static List<Frame> outageRun(Path dir, double loss) throws Exception {
        Path trace = Files.writeString(dir.resolve("const20.csv"), "time_s,uplink_mbps\n0,20\n1,20\n");
        Path csv = dir.resolve("frames.csv");
        String out = janus("bench", "e2e", "--trace", trace.toString(), "--link", "kernel", "--loss", String.valueOf(loss),
                "--outage", OUTAGE_START_S + ":" + OUTAGE_S, "--duration", "20", "--rtt-ms", "10", "--sla-ms", String.valueOf(SLA_MS),
                "--slowdown", String.valueOf(SLOWDOWN), "--warm-up-calls", "200", "--frames-csv", csv.toString());
        assertThat(out).containsPattern("violations measured=[\\d.]+% simulated=[\\d.]+%\\s*$");
        List<Frame> frames = new ArrayList<>();
        List<String> lines = Files.readAllLines(csv);
        List<String> header = List.of(lines.get(0).split(","));
        for (String line : lines.subList(1, lines.size())) {
            String[] c = line.split(",", -1);
            frames.add(new Frame(Integer.parseInt(c[header.indexOf("frame")]), Double.parseDouble(c[header.indexOf("start_s")]),
                    Double.parseDouble(c[header.indexOf("latency_ms")]), c[header.indexOf("mode")],
                    Integer.parseInt(c[header.indexOf("top1")]) >= 0, Double.parseDouble(c[header.indexOf("edge_ms")]),
                    Double.parseDouble(c[header.indexOf("device_ms")]), Double.parseDouble(c[header.indexOf("transfer_ms")])));
        }
        return frames;
    }

    /** Runs ./janus's java command with {@code args}; its output (printed too); fails on a non-zero exit. */
    private static String janus(String... args) throws IOException, InterruptedException {
        Path root = ProjectFiles.root();
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> cmd = new ArrayList<>(List.of(java, "-Dai.djl.offline=true", "-Djanus.home=" + root, "-cp",
                root.resolve("cli/target/janus-cli.jar") + ":" + root.resolve("cli/target/lib") + "/*", Janus.class.getName()));
        cmd.addAll(List.of(args));
        Path log = Files.createTempFile("janus-kernel-link", ".log");
        Process p = new ProcessBuilder(cmd).directory(root.toFile()).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        if (!p.waitFor(240, TimeUnit.SECONDS)) {
            p.destroy();
            p.waitFor(30, TimeUnit.SECONDS);
            throw new AssertionError("janus " + String.join(" ", args) + " did not finish in 240 s:\n" + Files.readString(log));
        }
        String out = Files.readString(log, StandardCharsets.UTF_8);
        System.out.print(out);
        assertThat(p.exitValue()).as(out).isZero();
        assertThat(KernelLinkE2E.leftoverNamespaces()).as("namespaces left behind").isEmpty();
        return out;
    }

    private static List<String> leftoverNamespaces() throws IOException, InterruptedException {
        Process p = new ProcessBuilder("ip", "netns", "list").redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor(10, TimeUnit.SECONDS);
        return out.lines().map(l -> l.split("\\s+")[0]).filter(n -> n.startsWith(KernelLink.PREFIX)).toList();
    }
}
