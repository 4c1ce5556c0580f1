package io.janus.bench.link;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * A kernel-shaped uplink in the spirit of Mahimahi: edge and cloud in two network namespaces joined by a veth pair,
 * the edge's side shaped by a {@code tc tbf} qdisc (the uplink: edge → cloud), random loss dropped by an iptables
 * {@code statistic} rule on the cloud's (receiving) side, and outages as every packet dropped on arrival both ways
 * (iptables DROP in each namespace's INPUT). The kernel here has no netem, so there is no kernel delay: an RTT is added
 * in user space (labelled EMULATED).
 *
 * <p>An outage drops silently, as a radio link that fades does: senders see no error, TCP retransmits with backoff and
 * new connections' SYNs go unanswered. Setting the veth down instead made the kernel refuse sends at once
 * (ENETUNREACH), which no real uplink does, flushed the neighbour entries, and after it came back up one time in five a
 * lost ARP request kept the link silent for another second (measured: TCP connect 3 ms after "up" 4 times, 1,013 ms
 * once).
 *
 * <p>The tbf parameters: burst = max(4 KiB, 5 ms at the rate), so the link paces packets rather than passing a
 * payload at wire speed; queue limit = 200 ms at the rate, within [256 KiB, 1 MiB]: larger than any one Janus payload
 * (so that the shaper drops none of a frame's bytes and the only losses are the configured ones, as in the simulator's
 * FIFO link) yet bounded, so that a bulk sender's backlog drains within a step after the rate falls.
 *
 * <p>Names: namespaces {@code janus-link-<pid>-edge} / {@code -cloud} (pid of the owning process), veth
 * {@code jl<pid>e} / {@code jl<pid>c}, addresses 10.231.0.1 (edge) and 10.231.0.2 (cloud). The owner removes both on
 * {@link #close} and from a shutdown hook (SIGINT, SIGTERM); namespaces whose owner died without cleaning up
 * (SIGKILL) are removed by the next {@link #create}. Only namespaces with this prefix are ever touched.
 */
public final class KernelLink implements AutoCloseable {

    /** Every namespace this class creates starts with this. */
    public static final String PREFIX = "janus-link-";
    /** Set in processes started inside the link: the link's id, so that they can shape it and find the cloud. */
    public static final String ENV = "JANUS_LINK";
    public static final String EDGE_ADDRESS = "10.231.0.1";
    public static final String CLOUD_ADDRESS = "10.231.0.2";
    static final long MIN_BURST_BYTES = 4096;
    static final long MIN_LIMIT_BYTES = 256 * 1024;
    static final long MAX_LIMIT_BYTES = 1024 * 1024;
    private static final long COMMAND_TIMEOUT_S = 20;

    private final String id;
    private final boolean owner;
    private Thread cleanupHook;
    private boolean down;
    private double mbps = Double.NaN;

    private KernelLink(String id, boolean owner) {
        this.id = id;
        this.owner = owner;
    }

    /**
     * Creates the namespaces, the veth pair and the shaper (at {@code initialMbps}) and, with {@code lossRatio} > 0,
     * the loss rule. Refuses with a clear message when not root or when ip, tc (or iptables, for loss) are missing.
     */
    public static KernelLink create(double initialMbps, double lossRatio) {
        if (!(lossRatio >= 0 && lossRatio < 1)) {
            throw new IllegalArgumentException("--loss " + lossRatio + ": must be in [0, 1)");
        }
        if (!(initialMbps > 0) || Double.isInfinite(initialMbps)) {
            throw new IllegalArgumentException("kernel link: initial rate must be > 0 Mbps, got " + initialMbps);
        }
        requireUsable();
        removeStale();
        KernelLink link = new KernelLink(String.valueOf(ProcessHandle.current().pid()), true);
        link.cleanupHook = new Thread(link::remove, "janus-link-cleanup");
        Runtime.getRuntime().addShutdownHook(link.cleanupHook);
        try {
            link.build(initialMbps, lossRatio);
        } catch (RuntimeException e) {
            link.close();
            throw e;
        }
        return link;
    }

    /** The link this process runs inside (started by {@link #inEdge} of its owner), or null when there is none. */
    public static KernelLink fromEnvironment() {
        String id = System.getenv(ENV);
        return id == null || id.isBlank() ? null : new KernelLink(id, false);
    }

    public String id() {
        return id;
    }

    public String edgeNamespace() {
        return PREFIX + id + "-edge";
    }

    public String cloudNamespace() {
        return PREFIX + id + "-cloud";
    }

    String edgeDevice() {
        return "jl" + id + "e";
    }

    String cloudDevice() {
        return "jl" + id + "c";
    }

    /** {@code command} run in the edge's namespace, with {@link #ENV} set by the caller's process builder. */
    public List<String> inEdge(List<String> command) {
        return in(edgeNamespace(), command);
    }

    /** {@code command} run in the cloud's namespace. */
    public List<String> inCloud(List<String> command) {
        return in(cloudNamespace(), command);
    }

    private static List<String> in(String namespace, List<String> command) {
        List<String> out = new ArrayList<>(List.of("ip", "netns", "exec", namespace));
        out.addAll(command);
        return out;
    }

    /** A process builder for {@code command} in the edge namespace, {@link #ENV} naming this link. */
    public ProcessBuilder edgeProcess(List<String> command) {
        ProcessBuilder pb = new ProcessBuilder(inEdge(command));
        pb.environment().put(ENV, id);
        return pb;
    }

    /** Sets the uplink's rate; 0 takes the link down (an outage) until a positive rate brings it back. */
    public synchronized void rate(double newMbps) {
        if (!(newMbps >= 0) || Double.isInfinite(newMbps)) {
            throw new IllegalArgumentException("kernel link: rate must be finite and >= 0 Mbps, got " + newMbps);
        }
        if (newMbps == 0) {
            if (!down) {
                outage("-I");
                down = true;
            }
            return;
        }
        if (newMbps != mbps) {
            run(tbf("change", newMbps));
            mbps = newMbps;
        }
        if (down) {
            outage("-D");
            down = false;
        }
    }

    /** Inserts ({@code -I}) or deletes ({@code -D}) the rules that drop every packet arriving from the other side. */
    private void outage(String verb) {
        for (String[] side : List.of(new String[] {edgeNamespace(), edgeDevice()}, new String[] {cloudNamespace(), cloudDevice()})) {
            run("ip", "netns", "exec", side[0], "iptables", verb, "INPUT", "-i", side[1], "-j", "DROP");
        }
    }

    /** The qdisc command for {@code rate} Mbps: burst and queue limit as the class comment documents. */
    String[] tbf(String verb, double rateMbps) {
        long kbit = Math.max(8, Math.round(rateMbps * 1000));
        double bytesPerSecond = kbit * 1000 / 8.0;
        return new String[] {"tc", "-n", edgeNamespace(), "qdisc", verb, "dev", edgeDevice(), "root", "tbf",
            "rate", kbit + "kbit", "burst", String.valueOf(burstBytes(bytesPerSecond)),
            "limit", String.valueOf(limitBytes(bytesPerSecond))};
    }

    static long burstBytes(double bytesPerSecond) {
        return Math.max(MIN_BURST_BYTES, Math.round(bytesPerSecond * 0.005));
    }

    static long limitBytes(double bytesPerSecond) {
        return Math.min(MAX_LIMIT_BYTES, Math.max(MIN_LIMIT_BYTES, Math.round(bytesPerSecond * 0.2)));
    }

    private void build(double initialMbps, double lossRatio) {
        run("ip", "netns", "add", edgeNamespace());
        run("ip", "netns", "add", cloudNamespace());
        run("ip", "-n", edgeNamespace(), "link", "add", edgeDevice(), "type", "veth", "peer", "name", cloudDevice(),
                "netns", cloudNamespace());
        run("ip", "-n", edgeNamespace(), "addr", "add", EDGE_ADDRESS + "/30", "dev", edgeDevice());
        run("ip", "-n", cloudNamespace(), "addr", "add", CLOUD_ADDRESS + "/30", "dev", cloudDevice());
        for (String ns : List.of(edgeNamespace(), cloudNamespace())) {
            run("ip", "-n", ns, "link", "set", "dev", "lo", "up");
        }
        run("ip", "-n", edgeNamespace(), "link", "set", "dev", edgeDevice(), "up");
        run("ip", "-n", cloudNamespace(), "link", "set", "dev", cloudDevice(), "up");
        run(tbf("add", initialMbps));
        mbps = initialMbps;
        if (lossRatio > 0) {
            run("ip", "netns", "exec", cloudNamespace(), "iptables", "-A", "INPUT", "-i", cloudDevice(), "-m", "statistic",
                    "--mode", "random", "--probability", String.format(Locale.ROOT, "%.6f", lossRatio), "-j", "DROP");
        }
    }

    /** Removes the namespaces (the veth pair and every rule go with them); only the owner does. */
    @Override
    public void close() {
        if (!owner) {
            return;
        }
        remove();
        if (cleanupHook != null) {
            try {
                Runtime.getRuntime().removeShutdownHook(cleanupHook);
            } catch (IllegalStateException e) {
                // already shutting down: the hook is running or ran
            }
        }
    }

    private synchronized void remove() {
        for (String ns : List.of(edgeNamespace(), cloudNamespace())) {
            if (namespaces().contains(ns)) {
                runQuietly("ip", "netns", "del", ns);
            }
        }
    }

    /** Deletes links left by owners that died without cleaning up (their pid is gone). */
    public static void removeStale() {
        for (String ns : namespaces()) {
            String rest = ns.substring(PREFIX.length());
            String pid = rest.replaceFirst("-(edge|cloud)$", "");
            if (!pid.matches("\\d+")) {
                continue;
            }
            if (ProcessHandle.of(Long.parseLong(pid)).map(ProcessHandle::isAlive).orElse(false)) {
                continue;
            }
            System.err.println("janus link: removing namespace " + ns + " left by process " + pid + ", which is gone");
            runQuietly("ip", "netns", "del", ns);
        }
    }

    /** This project's namespaces, by name. */
    static List<String> namespaces() {
        String out = run("ip", "netns", "list");
        return out.lines().map(l -> l.split("\\s+")[0]).filter(n -> n.startsWith(PREFIX)).toList();
    }

    /** Refuses, naming what is missing, unless this process is root and ip, tc and iptables (loss, outages) exist. */
    public static void requireUsable() {
        if (!isRoot()) {
            throw new IllegalStateException("the kernel link needs root (network namespaces, veth, tc): run as root, or use"
                    + " the in-process emulation (--link emulated)");
        }
        for (String tool : List.of("ip", "tc", "iptables")) {
            if (which(tool) == null) {
                throw new IllegalStateException("the kernel link needs '" + tool + "' on the PATH (Debian: apt-get install "
                        + (tool.equals("iptables") ? "iptables" : "iproute2") + ")");
            }
        }
    }

    /** True when this process runs as root and ip and tc are there: where kernel-link tests run. */
    public static boolean usable() {
        return isRoot() && which("ip") != null && which("tc") != null && which("iptables") != null;
    }

    static boolean isRoot() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("Uid:")) {
                    return line.split("\\s+")[2].equals("0"); // effective uid
                }
            }
        } catch (IOException | RuntimeException e) {
            return false;
        }
        return false;
    }

    static Path which(String tool) {
        String path = System.getenv().getOrDefault("PATH", "") + ":/usr/sbin:/sbin";
        for (String dir : path.split(":")) {
            Path p = Path.of(dir.isEmpty() ? "." : dir, tool);
            if (Files.isExecutable(p)) {
                return p;
            }
        }
        return null;
    }

    private static void runQuietly(String... command) {
        try {
            run(command);
        } catch (RuntimeException e) {
            System.err.println("janus link: " + e.getMessage());
        }
    }

    /** Runs one ip/tc/iptables command, bounded in time; its output, or an error naming the command and its output. */
    static String run(String... command) {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8); // a few lines at most
            if (!p.waitFor(COMMAND_TIMEOUT_S, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException("'" + String.join(" ", command) + "' did not finish in " + COMMAND_TIMEOUT_S + " s");
            }
            if (p.exitValue() != 0) {
                throw new IllegalStateException("'" + String.join(" ", command) + "' failed (exit " + p.exitValue() + "): "
                        + out.strip());
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run '" + String.join(" ", command) + "': " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running '" + String.join(" ", command) + "'", e);
        }
    }
}
