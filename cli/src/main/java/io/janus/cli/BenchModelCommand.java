package io.janus.cli;

import io.janus.bench.ModelBenchmark;
import io.janus.bench.PeerTorch;
import io.janus.model.VitModel;
import io.janus.profile.LatencyProfile;
import io.janus.profile.Profiler;
import io.janus.profile.VitStageTimer;
import java.time.Clock;
import java.util.DoubleSummaryStatistics;
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

    private static final int BLOCK_POINTS = 12;

    @Option(names = "--warmup", defaultValue = "5", description = "Discarded runs before each measurement.")
    int warmup;

    @Option(names = "--runs", defaultValue = "30", description = "Timed runs per measurement (median reported).")
    int runs;

    @Option(names = "--merge-r", split = ",", defaultValue = "20,49",
            description = "Merge sizes r to time at full token count (default ${DEFAULT-VALUE}: ToMe's fixture and exp:0.25's first block).")
    List<Integer> mergeR;

    @Option(names = "--no-peer", description = "Skip the PyTorch comparison.")
    boolean noPeer;

    @Option(names = "--threads", defaultValue = "1",
            description = "PyTorch intra-op threads for Janus and the PyTorch peer alike (default ${DEFAULT-VALUE}, as the runtimes use per frame).")
    int threads;

    @Override
    public Integer call() {
        // Fixed before the engine starts: PyTorch reads it once.
        System.setProperty("ai.djl.pytorch.num_threads", Integer.toString(threads));
        System.setProperty("ai.djl.pytorch.num_interop_threads", "1");
        System.out.println("# threads " + threads + ", " + Runtime.getRuntime().availableProcessors() + " cores");
        try (VitModel m = model.load()) {
            ModelBenchmark bench = new ModelBenchmark(m, warmup, runs);
            printBlockLatency(m);
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
                PeerTorch.Result peer = PeerTorch.run(Launcher.home(), Launcher.resolve(model.dir), threads, warmup, runs);
                System.out.println(peer.available()
                        ? String.format(Locale.ROOT, "pytorch   none      %7.2f ms   janus/pytorch %.2fx   (%s)", peer.ms(), none / peer.ms(), peer.version())
                        : "pytorch   skipped: " + peer.reason());
            }
        }
        return 0;
    }

    /** Block time against token count, through the same profiler the scheduler's profiles come from. */
    private void printBlockLatency(VitModel m) {
        LatencyProfile profile;
        try (VitStageTimer timer = new VitStageTimer(m)) {
            profile = new Profiler(Math.min(warmup, 3), Math.min(runs, 9), BLOCK_POINTS, Clock.systemUTC()).measure(timer);
        }
        LatencyProfile.BlockLatency first = profile.blocks().get(0);
        System.out.println("# block time vs tokens, block 1, batch 1 (median)");
        for (LatencyProfile.Sample s : first.samples()) {
            System.out.printf(Locale.ROOT, "tokens %3d  %7.3f ms   fit %7.3f ms%n", s.tokens(), s.ms(), first.ms(s.tokens()));
        }
        DoubleSummaryStatistics r2 = profile.blocks().stream().mapToDouble(LatencyProfile.BlockLatency::r2).summaryStatistics();
        System.out.printf(Locale.ROOT, "block 1: latency = %.5f ms/token x tokens + %.3f ms, R2 %.4f; R2 over all %d blocks: min %.4f mean %.4f%n",
                first.a(), first.b(), first.r2(), profile.blocks().size(), r2.getMin(), r2.getAverage());
    }
}
