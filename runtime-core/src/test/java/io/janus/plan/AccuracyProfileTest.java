package io.janus.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.janus.testing.ProjectFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AccuracyProfileTest {

    @Test
    void readsTheReferenceTable() throws IOException {
        AccuracyProfile p = AccuracyProfile.read(ProjectFiles.fixture("accuracy.json"), "accuracy");
        assertThat(p.at(0.0)).isEqualTo(0.985);
        assertThat(p.at(0.5)).isEqualTo(0.902);
        assertThat(p.minAlpha()).isEqualTo(0.0);
        assertThat(p.maxAlpha()).isEqualTo(0.5);
        AccuracyProfile hard = AccuracyProfile.read(ProjectFiles.fixture("accuracy.json"), "accuracy_hard");
        assertThat(hard.at(0.0)).isEqualTo(0.945);
    }

    @Test
    void interpolatesBetweenRatesAndKnowsNothingOutside() {
        AccuracyProfile p = AccuracyProfile.of(new double[] {0.0, 0.1}, new double[] {0.9, 0.8});
        assertThat(p.at(0.025)).isCloseTo(0.875, within(1e-12));
        assertThat(p.at(0.2)).isNaN();
        assertThat(p.at(-0.01)).isNaN();
    }

    @Test
    void rejectsMalformedTables(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("acc.json");
        Files.writeString(file, "{\"exponential\": [{\"alpha\": 0.0}]}");
        assertThatThrownBy(() -> AccuracyProfile.read(file, "accuracy")).hasMessageContaining("row 0");
        Files.writeString(file, "{\"constant\": []}");
        assertThatThrownBy(() -> AccuracyProfile.read(file, "accuracy")).hasMessageContaining("\"exponential\" list");
        assertThatThrownBy(() -> AccuracyProfile.of(new double[] {0.1, 0.0}, new double[] {0.5, 0.5}))
                .hasMessageContaining("rates must increase");
        assertThatThrownBy(() -> AccuracyProfile.of(new double[] {0.1}, new double[] {98.5}))
                .hasMessageContaining("expected a value in [0, 1]");
    }
}
