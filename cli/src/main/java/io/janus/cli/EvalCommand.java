package io.janus.cli;

import io.janus.check.Accuracy;
import io.janus.model.LabelledImages;
import io.janus.model.VitModel;
import io.janus.schedule.Schedule;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code ./janus eval}: top-1 accuracy on a labelled image set under one or more schedules. */
@Command(name = "eval", mixinStandardHelpOptions = true,
        description = "Top-1 accuracy on a labelled safetensors image set (images uint8 [N,H,W] or [N,H,W,C], labels [N]).")
final class EvalCommand implements Callable<Integer> {

    @Mixin
    ModelOptions model;

    @Option(names = "--data", paramLabel = "FILE", defaultValue = "data/mnist-test.safetensors",
            description = "Labelled images (default: the shipped held-out digits, ${DEFAULT-VALUE}).")
    Path data;

    @Option(names = "--schedule", paramLabel = "SPEC", split = "\\s+", defaultValue = "none",
            description = "Token-merging schedule(s): none, const:R, exp:ALPHA, list:r1,r2,... (repeatable).")
    List<String> schedules;

    @Option(names = "--limit", defaultValue = "2147483647", description = "Evaluate only the first N images.")
    int limit;

    @Override
    public Integer call() {
        List<Schedule> parsed = schedules.stream().map(Schedule::parse).toList();
        LabelledImages images = LabelledImages.open(Launcher.resolve(data));
        try (VitModel m = model.load()) {
            for (Schedule schedule : parsed) {
                int[] tokens = schedule.tokenCounts(m.config().patchTokens(), m.config().prefixTokens(), m.config().depth());
                long start = System.nanoTime();
                Accuracy.Result r = Accuracy.evaluate(m, images, schedule, limit);
                double ms = (System.nanoTime() - start) / 1e6 / Math.max(1, r.total());
                System.out.printf("%-12s accuracy %.2f%% (%d/%d)  tokens after last block %d  %.1f ms/image%n",
                        schedule, 100 * r.accuracy(), r.correct(), r.total(), tokens[tokens.length - 1], ms);
            }
        }
        return 0;
    }
}
