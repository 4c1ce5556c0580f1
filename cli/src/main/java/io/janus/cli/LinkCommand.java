package io.janus.cli;

import io.janus.bench.link.KernelLink;
import io.janus.bench.link.LinkGoodput;
import io.janus.bench.link.LinkRun;
import io.janus.trace.BandwidthTrace;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code ./janus link run ... -- COMMAND}: a kernel-shaped link between two network namespaces, COMMAND inside it. */
@Command(name = "link", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"A kernel-shaped link (needs root, ip, tc; iptables for loss): edge and cloud in two network namespaces",
            "(" + KernelLink.PREFIX + "<pid>-edge / -cloud, " + KernelLink.EDGE_ADDRESS + " and " + KernelLink.CLOUD_ADDRESS
                + ") joined by a veth whose edge side is shaped by tc tbf.",
            "run: runs COMMAND in the edge namespace with " + KernelLink.ENV + " set (./janus bench e2e --link kernel uses it to",
            "start the cloud in the other namespace and replay its trace); the namespaces are removed when COMMAND ends,",
            "on Ctrl-C or SIGTERM too. goodput: TCP through the link while it replays --trace, goodput per step vs the trace.",
            "clean: removes namespaces left by a run that was killed (the next run does it as well)."})
public final class LinkCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "run|goodput|clean", description = "What to do.")
    String action;

    @Parameters(index = "1..*", paramLabel = "COMMAND", description = "run: the command (after --).")
    List<String> command = new ArrayList<>();

    @Option(names = "--trace", paramLabel = "CSV", description = "goodput: the trace to replay (time_s,uplink_mbps).")
    Path trace;

    @Option(names = "--seconds", defaultValue = "10", description = "goodput: how long to send (default ${DEFAULT-VALUE}).")
    double seconds;

    @Option(names = "--mbps", defaultValue = "1000", description = "run: the uplink's rate until COMMAND changes it (default ${DEFAULT-VALUE}).")
    double mbps;

    @Option(names = "--loss", defaultValue = "0", description = "run: random loss ratio on the uplink, e.g. 0.02 (default ${DEFAULT-VALUE}).")
    double loss;

    @Override
    public Integer call() throws Exception {
        return switch (action) {
            case "run" -> LinkRun.run(mbps, loss, command);
            case "goodput" -> goodput();
            case "sink" -> {
                LinkGoodput.sink(Integer.parseInt(command.get(0)), Double.parseDouble(command.get(1)), System.out);
                yield 0;
            }
            case "clean" -> {
                KernelLink.requireUsable();
                KernelLink.removeStale();
                yield 0;
            }
            default -> throw new IllegalArgumentException("janus link '" + action + "': expected run, goodput or clean");
        };
    }

    /** TCP through the link while it replays the trace; the goodput per step against the trace's rate. */
    private int goodput() throws Exception {
        if (trace == null) {
            throw new IllegalArgumentException("janus link goodput needs --trace CSV");
        }
        KernelLink link = KernelLink.fromEnvironment();
        if (link == null) {
            return LinkRun.run(1000, 0, LinkRun.thisCommandLine());
        }
        BandwidthTrace t = BandwidthTrace.load(Launcher.resolve(trace));
        List<String> sink = Launcher.childJvm(List.of());
        sink.addAll(List.of("link", "sink"));
        List<LinkGoodput.Step> steps = LinkGoodput.measure(link, t, seconds, sink, System.out);
        long within = steps.stream().filter(s -> Math.abs(s.error()) <= 0.10).count();
        double worst = steps.stream().mapToDouble(LinkGoodput.Step::error).map(Math::abs).max().orElse(Double.NaN);
        System.out.printf(Locale.ROOT, "goodput within 10%% of the trace in %d of %d steps of >= 1 s (worst %.1f%%)%n",
                within, steps.size(), 100 * worst);
        return 0;
    }
}
