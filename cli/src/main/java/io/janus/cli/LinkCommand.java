package io.janus.cli;

import io.janus.bench.link.KernelLink;
import io.janus.bench.link.LinkRun;
import java.util.ArrayList;
import java.util.List;
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
            "on Ctrl-C or SIGTERM too. clean: removes namespaces left by a run that was killed (the next run does it as well)."})
public final class LinkCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "run|clean", description = "What to do.")
    String action;

    @Parameters(index = "1..*", paramLabel = "COMMAND", description = "run: the command (after --).")
    List<String> command = new ArrayList<>();

    @Option(names = "--mbps", defaultValue = "1000", description = "run: the uplink's rate until COMMAND changes it (default ${DEFAULT-VALUE}).")
    double mbps;

    @Option(names = "--loss", defaultValue = "0", description = "run: random loss ratio on the uplink, e.g. 0.02 (default ${DEFAULT-VALUE}).")
    double loss;

    @Override
    public Integer call() throws Exception {
        return switch (action) {
            case "run" -> LinkRun.run(mbps, loss, command);
            case "clean" -> {
                KernelLink.requireUsable(false);
                KernelLink.removeStale();
                yield 0;
            }
            default -> throw new IllegalArgumentException("janus link '" + action + "': expected run or clean");
        };
    }
}
