package io.janus.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.janus.operator.api.v1alpha1.JanusDeployment;
import io.janus.operator.api.v1alpha1.spec.SchedulerSpec;
import io.janus.operator.api.v1alpha1.spec.SlaSpec;
import io.janus.operator.dependent.RuntimeManifests;
import io.janus.operator.naming.Names;
import io.janus.plan.SchedulerConfig;
import io.janus.profile.ModelGeometry;
import io.janus.testing.ProjectFiles;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import picocli.CommandLine;

/**
 * The contract between the operator and the runtimes: the ConfigMap the operator renders for every example and for
 * every CRD field is parsed by the real {@code janus edge} / {@code janus cloud} commands, so a pod is never started
 * with a configuration its runtime rejects. The model folder the pod mounts is replaced by the shipped one.
 */
class OperatorConfigContractTest {

    private static final KubernetesSerialization YAML = new KubernetesSerialization();

    @TempDir
    Path dir;

    static Stream<Path> deployments() throws IOException {
        List<Path> files = new ArrayList<>();
        try (Stream<Path> examples = Files.list(ProjectFiles.root().resolve("examples"))) {
            examples.filter(f -> f.toString().endsWith(".yaml")).forEach(files::add);
        }
        files.add(resource("every-field-alpha-max.yaml"));
        files.add(resource("every-field-min-tokens.yaml"));
        return files.stream().sorted();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("deployments")
    void edgeAcceptsTheOperatorsConfig(Path deployment) throws IOException {
        Path file = write(Names.EDGE_PROPERTIES, load(deployment));

        // What the pod runs: `janus edge --config FILE`; --cloud comes from the file, not the command line.
        assertThatCode(() -> Janus.commandLine().parseArgs("edge", "--config", file.toString())).doesNotThrowAnyException();
        Properties props = ConfigFile.load(file);
        EdgeCommand edge = new EdgeCommand();
        CommandLine cl = ConfigFile.withDefaults(edge, props);
        assertThat(ConfigFile.unknownKeys(cl.getCommandSpec(), props)).as("keys no edge option knows").isEmpty();
        cl.parseArgs();
        edge.checkOptions();
        Path shipped = ProjectFiles.model();
        if (edge.accuracy != null) { // a file in the pod's model folder: the same file of the shipped model here
            edge.accuracy = shipped.resolve(edge.accuracy.getFileName());
        }
        SchedulerConfig scheduler = edge.schedulerConfig(ModelGeometry.VIT_TINY_MNIST, shipped);
        if (props.containsKey("frame-bytes")) {
            assertThat(edge.frameBytes).isEqualTo(Long.parseLong(props.getProperty("frame-bytes")));
        }
        if (props.containsKey("min-accuracy")) {
            assertThat(scheduler.accuracyFloor()).isEqualTo(Double.parseDouble(props.getProperty("min-accuracy")));
            assertThat(scheduler.accuracy()).as("the model folder's accuracy.json").isNotNull();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("deployments")
    void cloudAcceptsTheOperatorsConfig(Path deployment) throws IOException {
        Path file = write(Names.CLOUD_PROPERTIES, load(deployment));

        assertThatCode(() -> Janus.commandLine().parseArgs("cloud", "--config", file.toString())).doesNotThrowAnyException();
        Properties props = ConfigFile.load(file);
        CloudCommand cloud = new CloudCommand();
        CommandLine cl = ConfigFile.withDefaults(cloud, props);
        assertThat(ConfigFile.unknownKeys(cl.getCommandSpec(), props)).as("keys no cloud option knows").isEmpty();
        cl.parseArgs();
        cloud.checkOptions();
    }

    /** A field added to the CRD must be added to the every-field deployments, so that it is covered above. */
    @Test
    void everyFieldDeploymentsSetEveryRuntimeField() throws IOException {
        ObjectMapper json = new ObjectMapper();
        TreeSet<String> unset = new TreeSet<>(fieldsOf(SchedulerSpec.class, "scheduler."));
        unset.addAll(fieldsOf(SlaSpec.class, "sla."));
        for (String file : List.of("every-field-alpha-max.yaml", "every-field-min-tokens.yaml")) {
            JanusDeployment jd = load(resource(file));
            json.convertValue(jd.getSpec().getScheduler(), Map.class).forEach((k, v) -> unset.remove("scheduler." + k));
            json.convertValue(jd.getSpec().getSla(), Map.class).forEach((k, v) -> unset.remove("sla." + k));
        }
        assertThat(unset).isEmpty();
    }

    /** Before the fix picocli checked the required --cloud before the --config file was applied: rc 2. */
    @Test
    void edgeTakesTheCloudAddressFromTheConfigFileAlone() throws IOException {
        Path file = dir.resolve("edge.properties");
        Files.writeString(file, "cloud=127.0.0.1:1\nplaintext=true\n");
        EdgeCommand edge = new EdgeCommand();
        CommandLine cl = ConfigFile.withDefaults(edge, ConfigFile.load(file));
        cl.parseArgs();
        assertThat(edge.cloud).isEqualTo("127.0.0.1:1");
        assertThatCode(() -> Janus.commandLine().parseArgs("edge", "--config", file.toString())).doesNotThrowAnyException();
    }

    private static List<String> fieldsOf(Class<?> type, String prefix) {
        List<String> names = new ArrayList<>();
        for (var f : type.getDeclaredFields()) {
            if (!java.lang.reflect.Modifier.isStatic(f.getModifiers())) {
                names.add(prefix + f.getName());
            }
        }
        return names;
    }

    private Path write(String key, JanusDeployment jd) throws IOException {
        Path file = dir.resolve(key);
        Files.writeString(file, RuntimeManifests.configData(jd).get(key));
        return file;
    }

    private static JanusDeployment load(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return YAML.unmarshal(in, JanusDeployment.class);
        }
    }

    private static Path resource(String name) {
        return Path.of("src/test/resources/contract", name).toAbsolutePath();
    }
}
