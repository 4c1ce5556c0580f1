package io.janus.cli;

import ai.djl.ndarray.NDManager;
import io.janus.bench.ProfileAccuracy;
import io.janus.bench.PythonEnv;
import io.janus.bench.TimmModels;
import io.janus.model.VitModel;
import io.janus.profile.LatencyProfile;
import io.janus.profile.Profiler;
import io.janus.profile.VitStageTimer;
import io.janus.schedule.Schedule;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code ./janus bench profile}: the profiler's accuracy, predicted against measured edge and cloud compute. */
@Command(name = "profile", mixinStandardHelpOptions = true,
        description = {"Measures a latency profile, then for 10 schedules x 3 split points runs the edge part (embed + "
                + "blocks before the split) and the cloud part (the rest + head) and compares each with the profile's "
                + "prediction. Times are the computing thread's CPU time (one intra-op thread), robust to other loads. The error "
                + "is reported as measured and after the runtime's calibration: each schedule's predictions times the "
                + "measured/predicted ratio of the other schedules' whole forwards."})
final class BenchProfileCommand implements Callable<Integer> {

    private static final double TARGET = 0.05;
    private static final List<String> SCHEDULES = List.of("none", "exp:0.05", "exp:0.1", "exp:0.15", "exp:0.2",
            "exp:0.25", "exp:0.3", "exp:0.4", "const:8", "const:16");

    @Mixin
    ModelOptions model;

    @Option(names = "--arch", paramLabel = "NAME", description = "timm architecture with random weights instead of --model, e.g. vit_base_patch16_224.")
    String arch;

    @Option(names = "--warmup", defaultValue = "" + Profiler.DEFAULT_WARMUP,
            description = "Discarded runs before each measurement (default: ${DEFAULT-VALUE}, as ./janus profile).")
    int warmup;

    @Option(names = "--runs", defaultValue = "" + Profiler.DEFAULT_RUNS,
            description = "Timed runs per measurement, median kept (default: ${DEFAULT-VALUE}, as ./janus profile).")
    int runs;

    @Option(names = "--points", defaultValue = "" + Profiler.DEFAULT_POINTS,
            description = "Token counts per block in the profile (default: ${DEFAULT-VALUE}).")
    int points;

    @Override
    public Integer call() {
        System.setProperty("ai.djl.pytorch.num_threads", "1");
        System.setProperty("ai.djl.pytorch.num_interop_threads", "1");
        Path dir = arch == null ? Launcher.resolve(model.dir)
                : TimmModels.folder(Launcher.home(), PythonEnv.find(Launcher.home()).python().orElseThrow(
                        () -> new IllegalArgumentException("--arch needs Python with timm (bench/scripts/python-env)")), arch, 0);
        NDManager.newBaseManager().close();
        try (VitModel m = VitModel.load(dir)) {
            int depth = m.config().depth();
            LatencyProfile profile;
            try (VitStageTimer timer = VitStageTimer.threadCpuTime(m)) {
                profile = new Profiler(warmup, runs, points, Clock.systemUTC()).measure(timer);
            }
            int[] splits = {1, depth / 2, 3 * depth / 4};
            System.out.printf(Locale.ROOT, "# %s: profile of %d blocks x %d token counts; predicted vs measured CPU ms, %d runs%n",
                    m.config().architecture(), depth, points, runs);
            System.out.println("schedule   split  edge pred  edge meas   error  cloud pred cloud meas   error");
            List<ProfileAccuracy.Point> all = new ProfileAccuracy(m, profile, warmup, runs)
                    .measureAll(SCHEDULES.stream().map(Schedule::parse).toList(), splits);
            for (ProfileAccuracy.Point p : all) {
                System.out.printf(Locale.ROOT, "%-10s %5d  %9.2f  %9.2f  %+5.1f%%  %9.2f  %9.2f  %+5.1f%%%n", p.schedule(), p.split(),
                        p.edgePredicted(), p.edgeMeasured(), 100 * p.edgeError(), p.cloudPredicted(), p.cloudMeasured(),
                        100 * p.cloudError());
            }
            // The runtime plans with its profile corrected by measured over predicted compute (ProfileCalibration);
            // uncorrected, the error is mostly the machine's speed drifting between the two measurements.
            double raw = ProfileAccuracy.meanAbsoluteError(all);
            double calibrated = ProfileAccuracy.calibratedMeanAbsoluteError(all);
            System.out.printf(Locale.ROOT, "uncalibrated: mean absolute error %.1f%% (the profile as measured, before the runtime's correction)%n",
                    100 * raw);
            System.out.printf(Locale.ROOT, "profile accuracy: mean absolute error %.1f%% over %d points (edge and cloud) after calibration"
                    + " (uncalibrated %.1f%%), target <= %.0f%%: %s%n", 100 * calibrated, all.size(), 100 * raw, 100 * TARGET,
                    calibrated <= TARGET ? "met" : "MISSED");
        }
        return 0;
    }
}
