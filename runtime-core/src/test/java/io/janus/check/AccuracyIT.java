package io.janus.check;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.janus.model.LabelledImages;
import io.janus.model.VitModel;
import io.janus.schedule.Schedule;
import io.janus.testing.ProjectFiles;
import io.janus.testing.ShippedModel;
import java.io.IOException;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Accuracy on the 2,000 held-out digits matches the timm + ToMe reference within 0.2 percentage points. */
@ExtendWith(ShippedModel.class)
class AccuracyIT {

    private static final double TOLERANCE = 0.002;

    private static VitModel model;
    private static LabelledImages digits;
    private static JsonNode reference;

    @BeforeAll
    static void load(VitModel shipped) throws IOException {
        model = shipped;
        digits = LabelledImages.open(ProjectFiles.digits());
        reference = new ObjectMapper().readTree(ProjectFiles.fixture("accuracy.json").toFile());
    }

    private static double referenceAccuracy(String table, String key, double value) {
        for (JsonNode row : reference.get(table)) {
            if (Math.abs(row.get(key).asDouble() - value) < 1e-9) {
                return row.get("accuracy").asDouble();
            }
        }
        throw new AssertionError("no " + table + " row with " + key + " = " + value);
    }

    @ParameterizedTest
    @CsvSource({"none, exponential, alpha, 0.0", "exp:0.1, exponential, alpha, 0.1", "exp:0.25, exponential, alpha, 0.25",
        "exp:0.45, exponential, alpha, 0.45", "const:8, constant, r0, 8"})
    void accuracyMatchesTheReference(String spec, String table, String key, double value) {
        Accuracy.Result result = Accuracy.evaluate(model, digits, Schedule.parse(spec), digits.size());
        assertThat(result.total()).isEqualTo(2000);
        assertThat(result.accuracy()).as(spec).isCloseTo(referenceAccuracy(table, key, value),
                org.assertj.core.data.Offset.offset(TOLERANCE + 1e-12));
    }
}
