package io.janus.operator.api;

import io.fabric8.kubernetes.client.utils.Serialization;
import io.janus.operator.api.v1alpha1.JanusDeployment;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The JanusDeployments in {@code examples/}, read as users apply them: tests start from one and change only the
 * fields they are about, so a spec the examples no longer describe shows up as a failing test.
 */
public final class Examples {

    /** The model folder on the nodes, a 300 ms SLA, everything else at its default. */
    public static final String MINIMAL = "minimal";
    /** An edge per Jetson (PerNode) and an autoscaled GPU cloud pool. */
    public static final String FLEET = "fleet";
    /** A Jetson edge on its GPU, a GPU cloud, the model fetched over HTTPS, mutual TLS. */
    public static final String JETSON_GPU_CLOUD = "jetson-gpu-cloud";

    /** Relative to the operator module, where Maven runs its tests. */
    private static final Path DIR = Path.of("..", "examples");

    private Examples() {}

    /** {@code examples/<example>.yaml} as written. */
    public static JanusDeployment load(String example) {
        Path file = DIR.resolve(example + ".yaml");
        try (InputStream in = Files.newInputStream(file)) {
            return Serialization.unmarshal(in, JanusDeployment.class);
        } catch (IOException e) {
            throw new UncheckedIOException(file.toString(), e);
        }
    }

    /** The example as {@code namespace/name}: tests sharing an API server each get their own. */
    public static JanusDeployment load(String example, String namespace, String name) {
        JanusDeployment jd = load(example);
        jd.getMetadata().setNamespace(namespace);
        jd.getMetadata().setName(name);
        return jd;
    }
}
