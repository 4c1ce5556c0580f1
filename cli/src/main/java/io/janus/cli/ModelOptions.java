package io.janus.cli;

import io.janus.model.VitModel;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** {@code --model DIR}, shared by every command that runs the model. */
final class ModelOptions {

    @Option(names = "--model", paramLabel = "DIR", description = "Model folder with config.json + model.safetensors "
            + "(timm / Hugging Face hub layout). Default: the shipped ${DEFAULT-VALUE}.", defaultValue = "models/vit-tiny-mnist")
    Path dir;

    VitModel load() {
        return VitModel.load(Launcher.resolve(dir));
    }
}
