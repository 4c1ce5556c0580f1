package io.janus.cli;

import io.janus.check.ParityCheck;
import io.janus.check.ReferenceFile;
import io.janus.model.VitModel;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code ./janus check}: compares the engine with reference outputs (timm + official ToMe). */
@Command(name = "check", mixinStandardHelpOptions = true,
        description = {"Run every schedule and split point of a reference file through the model (full forward, and "
                + "blocks up to the split then the rest from the stored split state) and compare.",
            "Exit 0 only if token counts match exactly and every max |Δ| is within the tolerance."})
final class CheckCommand implements Callable<Integer> {

    @Mixin
    ModelOptions model;

    @Option(names = "--reference", required = true, paramLabel = "FILE",
            description = "Reference safetensors file (format: fixtures/README.md), e.g. fixtures/parity.safetensors.")
    Path reference;

    @Option(names = "--tolerance", defaultValue = "1e-3", description = "Largest allowed max |Δ| (default ${DEFAULT-VALUE}).")
    double tolerance;

    @Override
    public Integer call() {
        ReferenceFile ref = ReferenceFile.open(Launcher.resolve(reference));
        try (VitModel m = model.load()) {
            List<ParityCheck.Result> results = new ParityCheck(m, ref).run();
            results.forEach(r -> System.out.println(r.line(tolerance)));
            long failed = results.stream().filter(r -> !r.passes(tolerance)).count();
            System.out.printf("%d checked, %d failed (tolerance %.1e)%n", results.size(), failed, tolerance);
            return failed == 0 ? 0 : 1;
        }
    }
}
