package io.janus.cli;

import io.janus.bench.ModelBenchmark;
import io.janus.bench.PeerTorch;
import io.janus.model.VitModel;
import io.janus.schedule.Schedule;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code ./janus bench model}: engine speed on this machine. Prints numbers; never fails on speed. */
@Command(name = "model", mixinStandardHelpOptions = true,
        description = {"Engine speed, batch 1: one merge step against its block, whole forward for none / exp:0.1 / "
                + "exp:0.25, and (when Debian's python3-torch is installed) the same forward in PyTorch."})
final class BenchModelCommand implements Callable<Integer> {

    @Mixin
    ModelOptions model;

    @Option(names = "--warmup", defaultValue = "5", description = "Discarded runs before each measurement.")
    int warmup;

    @Option(names = "--runs", defaultValue = "30", description = "Timed runs per measurement (median reported).")
    int runs;

    @Option(names = "--merge-r", split = ",", defaultValue = "20,49",
            description = "Merge sizes r to time at full token count (default ${DEFAULT-VALUE}: ToMe's fixture and exp:0.25's first block).")
    List<Integer> mergeR;

    @Option(names = "--no-peer", description = "Skip the PyTorch comparison.")
    boolean noPeer;

    @Override
    public Integer call() {
        try (VitModel m = model.load()) {
            ModelBenchmark bench = new ModelBenchmark(m, warmup, runs);
            System.out.println("# merge step vs its block, " + m.config().tokens() + " tokens, batch 1 (median of " + runs + ")");
            for (int r : mergeR) {
                ModelBenchmark.MergeCost c = bench.mergeCost(r);
                System.out.printf(Locale.ROOT, "merge r=%-3d %.3f ms   block %.3f ms   overhead %.1f%%%n",
                        r, c.mergeMs(), c.blockMs(), 100 * c.overhead());
            }
            System.out.println("# whole forward, batch 1");
            List<ModelBenchmark.Forward> forwards = bench.forwards(
                    List.of(Schedule.none(), Schedule.parse("exp:0.1"), Schedule.parse("exp:0.25")));
            double none = forwards.get(0).ms();
            for (ModelBenchmark.Forward f : forwards) {
                System.out.printf(Locale.ROOT, "forward %-9s %7.2f ms   %.2fx none   tokens after last block %d%n",
                        f.schedule(), f.ms(), f.ms() / none, f.tokensAfterLastBlock());
            }
            if (!noPeer) {
                PeerTorch.Result peer = PeerTorch.run(Launcher.home(), Launcher.resolve(model.dir),
                        threads(), warmup, runs);
                System.out.println(peer.available()
                        ? String.format(Locale.ROOT, "pytorch   none      %7.2f ms   janus/pytorch %.2fx   (%s)", peer.ms(), none / peer.ms(), peer.version())
                        : "pytorch   skipped: " + peer.reason());
            }
        }
        return 0;
    }

    private static int threads() {
        return Runtime.getRuntime().availableProcessors();
    }
}
