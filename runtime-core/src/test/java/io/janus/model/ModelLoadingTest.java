package io.janus.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.janus.schedule.Schedule;
import io.janus.testing.ProjectFiles;
import io.janus.testing.TinyVit;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelLoadingTest {

    @TempDir
    Path tmp;

    private static float[] logits(VitModel model, Schedule schedule) {
        try (NDManager frame = model.manager().newSubManager()) {
            int s = model.config().imgSize();
            NDArray pixels = frame.randomUniform(-1f, 1f, new ai.djl.ndarray.types.Shape(2, 3, s, s));
            frame.getEngine().setRandomSeed(1);
            return model.forward(pixels, schedule).toFloatArray();
        }
    }

    private static float[] logitsOf(VitModel model, List<RawImage> images, Schedule schedule) {
        try (NDManager frame = model.manager().newSubManager()) {
            return model.forward(model.preprocessor().batch(frame, images), schedule).toFloatArray();
        }
    }

    private static List<RawImage> digits(int n) {
        LabelledImages data = LabelledImages.open(ProjectFiles.digits());
        return java.util.stream.IntStream.range(0, n).mapToObj(data::image).toList();
    }

    @Test
    void shippedModelLoadsWithItsGeometry() {
        try (VitModel model = VitModel.load(ProjectFiles.model())) {
            VitConfig c = model.config();
            assertThat(c.depth()).isEqualTo(12);
            assertThat(c.embedDim()).isEqualTo(192);
            assertThat(c.numHeads()).isEqualTo(3);
            assertThat(c.tokens()).isEqualTo(197);
            assertThat(c.labelNames()).hasSize(10);
            assertThat(model.digest().hex()).hasSize(64);
        }
    }

    @Test
    void theDeviceTheModelRunsOnIsReported() {
        try (VitModel model = VitModel.load(ProjectFiles.model())) {
            // No GPU on the test machines: the CPU, and the libtorch that DJL loaded.
            assertThat(model.deviceSummary()).startsWith("cpu(), PyTorch 2.").endsWith("no GPU visible");
        }
    }

    @Test
    void dimensionsComeFromTheArchitectureNameWhenModelArgsAreAbsent() throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("no-args"));
        ObjectNode config = (ObjectNode) new ObjectMapper().readTree(ProjectFiles.model().resolve("config.json").toFile());
        config.remove("model_args");
        Files.writeString(dir.resolve("config.json"), config.toString());
        Files.copy(ProjectFiles.model().resolve("model.safetensors"), dir.resolve("model.safetensors"));
        List<RawImage> images = digits(2);
        try (VitModel named = VitModel.load(dir); VitModel shipped = VitModel.load(ProjectFiles.model())) {
            assertThat(named.config()).usingRecursiveComparison().isEqualTo(shipped.config());
            assertThat(logitsOf(named, images, Schedule.none())).containsExactly(logitsOf(shipped, images, Schedule.none()));
        }
    }

    @Test
    void bf16F16AndF32WeightsAllLoadAsFloat32() {
        for (String dtype : new String[] {"F32", "F16", "BF16"}) {
            TinyVit tiny = new TinyVit();
            tiny.dtype = dtype;
            try (VitModel model = VitModel.load(tiny.writeTo(tmp.resolve(dtype)))) {
                float[] out = logits(model, Schedule.constant(2));
                assertThat(out).hasSize(2 * tiny.classes);
                for (float v : out) {
                    assertThat(Float.isFinite(v)).as(dtype).isTrue();
                }
            }
        }
    }

    @Test
    void modelsWithoutQkvBiasAndWithAveragePoolingRun() {
        TinyVit tiny = new TinyVit();
        tiny.qkvBias = false;
        tiny.globalPool = "avg";
        try (VitModel model = VitModel.load(tiny.writeTo(tmp.resolve("avg")))) {
            assertThat(model.config().qkvBias()).isFalse();
            assertThat(model.config().globalPool()).isEqualTo("avg");
            assertThat(logits(model, Schedule.parse("exp:0.3"))).hasSize(2 * tiny.classes);
        }
    }

    @Test
    void missingFolderAndFilesAreNamed() throws IOException {
        assertThatThrownBy(() -> VitModel.load(tmp.resolve("nowhere")))
                .isInstanceOf(ModelException.class).hasMessageContaining("nowhere: model folder not found");
        Path noWeights = Files.createDirectories(tmp.resolve("no-weights"));
        Files.writeString(noWeights.resolve("config.json"), new TinyVit().configJson());
        assertThatThrownBy(() -> VitModel.load(noWeights)).hasMessageContaining("model.safetensors: file not found");
        Path noConfig = Files.createDirectories(tmp.resolve("no-config"));
        new TinyVit().weights().write(noConfig.resolve("model.safetensors"));
        assertThatThrownBy(() -> VitModel.load(noConfig)).hasMessageContaining("config.json: file not found");
    }

    @Test
    void badJsonIsReportedWithItsLine() throws IOException {
        Path dir = new TinyVit().writeTo(tmp.resolve("bad-json"));
        Files.writeString(dir.resolve("config.json"), "{\n  \"architecture\": \"vit_custom\",\n  oops\n}");
        assertThatThrownBy(() -> VitModel.load(dir)).hasMessageContaining("config.json: not valid JSON")
                .hasMessageContaining("line 3");
    }

    @Test
    void missingUnexpectedAndMisshapenTensorsAreNamed() {
        TinyVit tiny = new TinyVit();
        Path missing = tiny.writeTo(tmp.resolve("missing"));
        tiny.weights().remove("blocks.1.mlp.fc2.bias").write(missing.resolve("model.safetensors"));
        assertThatThrownBy(() -> VitModel.load(missing))
                .hasMessageContaining("tensor blocks.1.mlp.fc2.bias is missing, expected shape [32]");

        Path extra = tiny.writeTo(tmp.resolve("extra"));
        tiny.weights().f32("blocks.0.ls1.gamma", new float[32], 32).write(extra.resolve("model.safetensors"));
        assertThatThrownBy(() -> VitModel.load(extra)).hasMessageContaining("unexpected tensor blocks.0.ls1.gamma");

        Path misshapen = tiny.writeTo(tmp.resolve("misshapen"));
        tiny.weights().f32("blocks.2.attn.qkv.weight", new float[96 * 16], 96, 16).write(misshapen.resolve("model.safetensors"));
        assertThatThrownBy(() -> VitModel.load(misshapen))
                .hasMessageContaining("tensor blocks.2.attn.qkv.weight has shape [96, 16], expected [96, 32]")
                .hasMessageContaining("embed_dim 32");
    }

    @Test
    void unsupportedArchitecturesAreRefused() throws IOException {
        TinyVit tiny = new TinyVit();
        tiny.withModelArgs = false;
        tiny.architecture = "deit_tiny_distilled_patch16_224";
        Path dir = tiny.writeTo(tmp.resolve("deit"));
        assertThatThrownBy(() -> VitModel.load(dir))
                .hasMessageContaining("unsupported architecture 'deit_tiny_distilled_patch16_224'");
        String config = Files.readString(dir.resolve("config.json")).replace("\"token\"", "\"map\"");
        Files.writeString(dir.resolve("config.json"), config.replace("deit_tiny_distilled_patch16_224", "vit_tiny_patch16_224"));
        assertThatThrownBy(() -> VitModel.load(dir)).hasMessageContaining("global_pool 'map' is not supported");
    }

    @Test
    void truncatedAndCorruptWeightFilesAreNamed() throws IOException {
        Path dir = new TinyVit().writeTo(tmp.resolve("truncated"));
        Path weights = dir.resolve("model.safetensors");
        byte[] all = Files.readAllBytes(weights);
        Files.write(weights, java.util.Arrays.copyOf(all, all.length - 100));
        assertThatThrownBy(() -> VitModel.load(dir)).hasMessageContaining("truncated or corrupt")
                .hasMessageContaining("tensor head.weight: data_offsets");
        Files.write(weights, new byte[] {1, 2, 3});
        assertThatThrownBy(() -> VitModel.load(dir)).hasMessageContaining("not a safetensors file");
        byte[] garbage = new byte[64];
        garbage[0] = 40;
        Files.write(weights, garbage);
        assertThatThrownBy(() -> VitModel.load(dir)).hasMessageContaining("header is not valid JSON");
    }
}
