package io.janus.operator.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The committed CRDs (crds/ and the chart) must equal what crd-generator-maven-plugin generates
 * from the API classes. Run with -Djanus.updateCrds=true to rewrite them after an API change.
 */
class CrdDriftTest {

    static final String FILE = "janusdeployments.janus.io-v1.yml";
    static final Path GENERATED = Path.of("target/classes/META-INF/fabric8", FILE);
    static final List<Path> COMMITTED = List.of(
            Path.of("../crds", FILE),
            Path.of("../helm/janus-operator/crds", FILE));

    @Test
    void committedCrdsMatchTheApiClasses() throws IOException {
        String generated = Files.readString(GENERATED);
        for (Path committed : COMMITTED) {
            if (Boolean.getBoolean("janus.updateCrds")) {
                Files.writeString(committed, generated);
            }
            assertThat(Files.exists(committed)).as(committed + " exists").isTrue();
            assertThat(Files.readString(committed))
                    .as(committed.normalize() + " is stale: run mvn -pl operator verify -Djanus.updateCrds=true and commit it")
                    .isEqualTo(generated);
        }
    }
}
