package io.janus.cli;

import ai.djl.ndarray.NDManager;
import io.janus.bench.ModelBenchmark;
import io.janus.bench.PeerTorch;
import io.janus.bench.PythonEnv;
import io.janus.bench.TimmModels;
import io.janus.model.VitConfig;
import io.janus.model.VitModel;
import io.janus.profile.LatencyProfile;
import io.janus.profile.Profiler;
import io.janus.profile.VitStageTimer;
import io.janus.schedule.Schedule;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.DoubleSummaryStatistics;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code ./janus bench model}: engine speed on this machine, next to PyTorch. Prints numbers; never fails on speed. */
@Command(name = "model", mixinStandardHelpOptions = true,
        description = {"Engine speed: model load time, one merge step against its block at full token count, whole "
                + "forward for none / exp:0.1 / exp:0.25 at each batch size, peak RSS; and the same forward in PyTorch "
                + "(bench/scripts/peer_torch.py, same weights and threads) in the same run.",
            "--arch makes a timm architecture with random weights on the fly (bench/scripts/timm_reference.py)."})
final class BenchModelCommand implements Callable<Integer> {

    private static final List<String> SCHEDULES = List.of("none", "exp:0.1", "exp:0.25");
    private static final int BLOCK_POINTS = 12;
    private static final double PEER_TARGET = 1.0;
    private static final double MERGE_TARGET = 0.05;
    private static final double EXP025_TARGET = 0.5;

    @Mixin
    ModelOptions model;

    @Option(names = "--arch", paramLabel = "NAME",
            description = "timm architecture to benchmark instead of --model, e.g. vit_base_patch16_224 or vit_large_patch16_384 "
                    + "(random weights, made once and cached under ~/.cache/janus/bench-models).")
    String arch;

    @Option(names = "--seed", defaultValue = "0", description = "Seed of the random weights with --arch.")
    int seed;

    @Option(names = "--batch", split = ",", defaultValue = "1,8", description = "Batch sizes (default ${DEFAULT-VALUE}).")
    List<Integer> batches;

    @Option(names = "--warmup", defaultValue = "3", description = "Discarded runs before each measurement.")
    int warmup;

    @Option(names = "--runs", defaultValue = "10", description = "Timed runs per measurement (median reported).")
    int runs;

    @Option(names = "--budget-s", defaultValue = "30",
            description = "Time budget per measurement in seconds: it stops after at least 3 runs once spent.")
    double budgetSeconds;

    @Option(names = "--merge-r", split = ",",
            description = "Merge sizes r to time at full token count (default: block 1's r under exp:0.1 and exp:0.25).")
    List<Integer> mergeR;

    @Option(names = "--block-profile", negatable = true,
            description = "Print block time against token count (default: on for --model, off for --arch, where it takes long).")
    Boolean blockProfile;

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
        PythonEnv.Found found = arch != null || !noPeer ? PythonEnv.find(Launcher.home())
                : new PythonEnv.Found(Optional.empty(), "not needed");
        Optional<Path> python = found.python();
        String noPython = found.reason();
        Path dir;
        if (arch != null) {
            dir = TimmModels.folder(Launcher.home(), python.orElseThrow(() -> new IllegalArgumentException(
                    "--arch needs Python with timm: " + noPython)), arch, seed);
        } else {
            dir = Launcher.resolve(model.dir);
        }
        NDManager.newBaseManager().close(); // the engine's native libraries load here, not inside the timed model load
        long loadStart = System.nanoTime();
        try (VitModel m = VitModel.load(dir)) {
            double loadMs = (System.nanoTime() - loadStart) / 1e6;
            VitConfig c = m.config();
            System.out.printf(Locale.ROOT, "# %s: %d tokens, width %d, depth %d, heads %d; %d threads, %d cores; weights %s%n",
                    c.architecture(), c.tokens(), c.embedDim(), c.depth(), c.numHeads(), threads,
                    Runtime.getRuntime().availableProcessors(), dir);
            if (blockProfile == null ? arch == null : blockProfile) {
                printBlockLatency(m);
            }
            ModelBenchmark bench = new ModelBenchmark(m, warmup, runs, budgetSeconds);
            double worstMerge = printMergeCosts(m, bench);
            List<ModelBenchmark.Forward> forwards = new ArrayList<>();
            for (int b : batches) {
                forwards.addAll(bench.forwards(SCHEDULES.stream().map(Schedule::parse).toList(), b));
            }
            long janusRss = peakRssMb();
            PeerTorch.Result peer = noPeer ? null : python.isEmpty() ? unavailable(noPython)
                    : PeerTorch.run(Launcher.home(), python.get(), dir, threads, warmup, runs, budgetSeconds, batches, SCHEDULES);
            printForwards(forwards, peer);
            System.out.printf(Locale.ROOT, "load      janus %.2f s%s%n", loadMs / 1000,
                    peer != null && peer.available() ? String.format(Locale.ROOT, "   pytorch %.2f s (safetensors read with numpy)", peer.loadMs() / 1000) : "");
            System.out.printf(Locale.ROOT, "peak RSS  janus %d MB%s%n", janusRss,
                    peer != null && peer.available() ? String.format(Locale.ROOT, "   pytorch %.0f MB", peer.peakRssMb()) : "");
            printTargets(forwards, peer, worstMerge);
        }
        return 0;
    }

    private double printMergeCosts(VitModel m, ModelBenchmark bench) {
        List<Integer> rs = mergeR != null ? mergeR : List.of(m.removals(Schedule.parse("exp:0.1"))[0], m.removals(Schedule.parse("exp:0.25"))[0]);
        System.out.println("# merge step vs its block, " + m.config().tokens() + " tokens (median; cpu = the computing thread's CPU time)");
        double worst = 0;
        for (int b : batches) {
            for (int r : rs) {
                ModelBenchmark.MergeCost cost = bench.mergeCost(r, b);
                worst = Math.max(worst, cost.overhead());
                System.out.printf(Locale.ROOT, "merge r=%-3d batch %d  cpu %8.3f ms (wall %8.3f)   block cpu %9.3f ms (wall %9.3f)   overhead %.1f%%%n",
                        r, b, cost.merge().cpuMs(), cost.merge().wallMs(), cost.block().cpuMs(), cost.block().wallMs(), 100 * cost.overhead());
            }
        }
        return worst;
    }

    private static void printForwards(List<ModelBenchmark.Forward> forwards, PeerTorch.Result peer) {
        System.out.println("# whole forward (median; cpu = the computing thread's CPU time, the ratios use it)");
        System.out.println("schedule  batch  janus cpu ms (wall)    pytorch cpu ms (wall)   janus/pytorch  vs none  tokens after last block");
        for (ModelBenchmark.Forward f : forwards) {
            double none = noneMs(forwards, f.batch());
            Double torch = peerCpu(peer, f);
            System.out.printf(Locale.ROOT, "%-9s %5d  %10.2f (%9.2f)  %s  %13s  %6.2fx  %d%n", f.schedule(), f.batch(),
                    f.time().cpuMs(), f.time().wallMs(),
                    torch == null ? String.format(Locale.ROOT, "%22s", "-")
                            : String.format(Locale.ROOT, "%10.2f (%9.2f)", torch, peer.ms(f.schedule().toString(), f.batch())),
                    torch == null ? "-" : String.format(Locale.ROOT, "%.2fx", f.time().cpuMs() / torch), f.time().cpuMs() / none,
                    f.tokensAfterLastBlock());
        }
        if (peer == null) {
            return;
        }
        if (peer.available()) {
            System.out.println("pytorch   " + peer.version());
            peer.warnings().forEach(System.out::println);
        } else {
            System.out.println("pytorch   skipped: " + peer.reason());
        }
    }

    private static Double peerCpu(PeerTorch.Result peer, ModelBenchmark.Forward f) {
        return peer != null && peer.available() ? peer.cpuMs(f.schedule().toString(), f.batch()) : null;
    }

    /** The targets, on one line: janus/pytorch <= 1.0x, merge <= 5% of its block, exp:0.25 <= 0.5x none. */
    private static void printTargets(List<ModelBenchmark.Forward> forwards, PeerTorch.Result peer, double worstMerge) {
        double worstPeer = 0;
        double worstExp = 0;
        for (ModelBenchmark.Forward f : forwards) {
            Double torch = peerCpu(peer, f);
            if (torch != null) {
                worstPeer = Math.max(worstPeer, f.time().cpuMs() / torch);
            }
            if (f.schedule().toString().equals("exp:0.25")) {
                worstExp = Math.max(worstExp, f.time().cpuMs() / noneMs(forwards, f.batch()));
            }
        }
        String peerPart = worstPeer == 0 ? "janus/pytorch n/a (no peer)"
                : String.format(Locale.ROOT, "janus/pytorch worst %.2fx (<= %.1fx: %s)", worstPeer, PEER_TARGET, met(worstPeer <= PEER_TARGET));
        System.out.printf(Locale.ROOT, "targets: %s; merge worst %.1f%% of its block (<= %.0f%%: %s); exp:0.25 worst %.2fx none (<= %.1fx: %s)%n",
                peerPart, 100 * worstMerge, 100 * MERGE_TARGET, met(worstMerge <= MERGE_TARGET), worstExp, EXP025_TARGET,
                met(worstExp <= EXP025_TARGET));
    }

    private static String met(boolean ok) {
        return ok ? "met" : "MISSED";
    }

    private static double noneMs(List<ModelBenchmark.Forward> forwards, int batch) {
        return forwards.stream().filter(f -> f.batch() == batch && f.schedule().toString().equals("none"))
                .findFirst().orElseThrow().time().cpuMs();
    }

    private static PeerTorch.Result unavailable(String reason) {
        return PeerTorch.unavailableBecause(reason);
    }

    /** This process's peak resident set (VmHWM), in MB; 0 where /proc is absent. */
    private static long peakRssMb() {
        try {
            return Files.readAllLines(Path.of("/proc/self/status")).stream().filter(l -> l.startsWith("VmHWM:"))
                    .mapToLong(l -> Long.parseLong(l.replaceAll("[^0-9]", "")) / 1024).findFirst().orElse(0);
        } catch (IOException | NumberFormatException e) {
            return 0;
        }
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
