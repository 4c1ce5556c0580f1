package io.janus.operator.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.janus.operator.api.v1alpha1.JanusDeployment;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The committed CRDs (crds/ and the chart) must equal what crd-generator-maven-plugin generates
 * from the API classes, with one post-step: the generator sorts printer columns by JSONPath, so
 * they are put back in the order declared on {@link JanusDeployment} (Ready, Mode, ..., Age).
 * Run with -Djanus.updateCrds=true to rewrite them after an API change.
 */
class CrdDriftTest {

    static final String FILE = "janusdeployments.janus.io-v1.yml";
    static final Path GENERATED = Path.of("target/classes/META-INF/fabric8", FILE);
    static final List<Path> COMMITTED = List.of(
            Path.of("../crds", FILE),
            Path.of("../helm/janus-operator/crds", FILE));
    private static final Pattern COLUMNS = Pattern.compile(
            "(?s)(  - additionalPrinterColumns:\n)(.*?)(\n    name: \"" + "v1alpha1" + "\")");

    @Test
    void committedCrdsMatchTheApiClasses() throws IOException {
        String expected = withDeclaredColumnOrder(Files.readString(GENERATED));
        for (Path committed : COMMITTED) {
            if (Boolean.getBoolean("janus.updateCrds")) {
                Files.writeString(committed, expected);
            }
            assertThat(Files.exists(committed)).as(committed + " exists").isTrue();
            assertThat(Files.readString(committed))
                    .as(committed.normalize() + " is stale: run mvn -pl operator verify -Djanus.updateCrds=true and commit it")
                    .isEqualTo(expected);
        }
    }

    @Test
    void printerColumnsKeepTheirDeclaredOrder() throws IOException {
        String crd = Files.readString(COMMITTED.get(0));
        List<String> names = new ArrayList<>();
        Matcher m = Pattern.compile("\n      name: \"([A-Za-z0-9]+)\"").matcher(COLUMNS.matcher(crd).results()
                .findFirst().orElseThrow().group(2));
        while (m.find()) {
            names.add(m.group(1));
        }
        assertThat(names).containsExactly("Ready", "Mode", "Split", "Rate", "Bandwidth", "P95", "Violations", "Edges", "Age");
    }

    /** Reorders the column entries (each starting with "    - jsonPath:") without touching any other byte. */
    static String withDeclaredColumnOrder(String crd) {
        List<String> order = Arrays.stream(JanusDeployment.class.getAnnotationsByType(AdditionalPrinterColumn.class))
                .map(AdditionalPrinterColumn::name).toList();
        Matcher m = COLUMNS.matcher(crd);
        assertThat(m.find()).as("printer columns in the generated CRD").isTrue();
        List<String> entries = new ArrayList<>(Arrays.asList(m.group(2).split("\n(?=    - jsonPath: )")));
        entries.sort(Comparator.comparingInt(e -> order.indexOf(columnName(e))));
        return crd.substring(0, m.start(2)) + String.join("\n", entries) + crd.substring(m.end(2));
    }

    private static String columnName(String entry) {
        Matcher m = Pattern.compile("\n      name: \"([^\"]+)\"").matcher(entry);
        assertThat(m.find()).as("column name in " + entry).isTrue();
        return m.group(1);
    }
}
