package io.janus.cli;

import ai.djl.ndarray.NDManager;
import io.janus.model.Predictions;
import io.janus.model.RawImage;
import io.janus.model.VitModel;
import io.janus.schedule.Schedule;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code ./janus predict}: top-5 labels of PNG/JPEG images. */
@Command(name = "predict", mixinStandardHelpOptions = true, description = "Print the top-5 labels and probabilities per image.")
final class PredictCommand implements Callable<Integer> {

    @Mixin
    ModelOptions model;

    @Option(names = "--schedule", paramLabel = "SPEC", defaultValue = "none",
            description = "Token-merging schedule: none, const:R, exp:ALPHA, list:r1,r2,... (default ${DEFAULT-VALUE}).")
    String schedule;

    @Parameters(arity = "1..*", paramLabel = "IMAGE", description = "PNG or JPEG files (grey or RGB).")
    List<Path> images;

    @Override
    public Integer call() throws IOException {
        Schedule s = Schedule.parse(schedule);
        int failures = 0;
        try (VitModel m = model.load()) {
            for (Path image : images) {
                try (NDManager frame = m.manager().newSubManager()) {
                    RawImage raw = RawImage.decode(Files.readAllBytes(image));
                    var logits = m.forward(m.preprocessor().batch(frame, List.of(raw)), s);
                    System.out.println(image + ":");
                    for (Predictions.Label l : Predictions.topK(logits, m.config().labelNames(), 5).get(0)) {
                        System.out.printf(Locale.ROOT, "  %-12s %.4f%n", l.name(), l.probability());
                    }
                } catch (IllegalArgumentException | IOException e) {
                    System.err.println("janus predict: " + image + ": " + e.getMessage());
                    failures++;
                }
            }
        }
        return failures == 0 ? 0 : UserErrors.USAGE_OR_INPUT_ERROR;
    }
}
