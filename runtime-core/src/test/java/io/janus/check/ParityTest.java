package io.janus.check;

import static org.assertj.core.api.Assertions.assertThat;

import io.janus.model.VitModel;
import io.janus.testing.ProjectFiles;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Every tensor of the timm + official-ToMe reference, reproduced by the Java engine. */
class ParityTest {

    @Test
    void engineReproducesEveryReferenceTensor() {
        try (VitModel model = VitModel.load(ProjectFiles.model())) {
            List<ParityCheck.Result> results = new ParityCheck(model, ReferenceFile.open(ProjectFiles.fixture("parity.safetensors"))).run();
            results.forEach(r -> System.out.println(r.line(1e-3)));
            assertThat(results).extracting(ParityCheck.Result::name)
                    .contains("preprocess", "embed", "merge1 r=20", "exp0.25 full", "exp0.25.split6 edge", "exp0.25.split6 cloud");
            assertThat(results).hasSize(3 + 4 * 5);
            assertThat(results).allSatisfy(r -> assertThat(r.passes(1e-3)).as(r.line(1e-3)).isTrue());
        }
    }
}
