package io.janus.check;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.janus.model.ModelException;
import io.janus.model.VitModel;
import io.janus.testing.TimmReference;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * The architecture matrix ({@code bench/scripts/timm_matrix.json}) against timm itself: each configuration is made by
 * timm with random weights, and the engine must reproduce timm's logits and split states (schedule none, two split
 * points) — or, for configurations it does not run, refuse them at load with an error naming the option.
 */
class TimmMatrixIT {

    private static final double TOLERANCE = 1e-3;

    @TestFactory
    Stream<DynamicTest> engineMatchesTimmOnEveryConfiguration() {
        List<TimmReference.Configuration> matrix = TimmReference.matrix();
        List<Path> folders = TimmReference.folders(matrix);
        List<DynamicTest> tests = new ArrayList<>();
        for (int i = 0; i < matrix.size(); i++) {
            TimmReference.Configuration c = matrix.get(i);
            Path folder = folders.get(i);
            tests.add(DynamicTest.dynamicTest(c.name(), c.refused() == null ? () -> matches(folder) : () -> refused(folder, c.refused())));
        }
        return tests.stream();
    }

    private static void matches(Path folder) {
        try (VitModel model = VitModel.load(folder)) {
            ReferenceFile ref = ReferenceFile.open(folder.resolve("reference.safetensors"));
            List<ParityCheck.Result> results = new ParityCheck(model, ref).run();
            results.forEach(r -> System.out.println(folder.getFileName() + "  " + r.line(TOLERANCE)));
            assertThat(results).extracting(ParityCheck.Result::name).contains("embed", "none full")
                    .anyMatch(n -> n.endsWith(" cloud")).anyMatch(n -> n.endsWith(" edge"));
            assertThat(results.stream().filter(r -> r.name().endsWith(" edge"))).hasSize(ref.splits().length);
            assertThat(ref.splits()).hasSize(2);
            assertThat(results).allSatisfy(r -> assertThat(r.passes(TOLERANCE)).as(r.line(TOLERANCE)).isTrue());
        }
    }

    private static void refused(Path folder, String option) {
        assertThatThrownBy(() -> VitModel.load(folder).close()).isInstanceOf(ModelException.class).hasMessageContaining(option);
    }
}
