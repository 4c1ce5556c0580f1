package io.janus.cloud;

import static org.assertj.core.api.Assertions.assertThat;

import io.janus.model.VitModel;
import io.janus.testing.ProjectFiles;
import org.junit.jupiter.api.Test;

/** The cloud's request paths free every array of a call with the call. */
class CloudEngineTest {

    @Test
    void framesAndTokenPayloadsOfEveryCodecLeaveNoArrayOnTheModelsManager() {
        try (VitModel model = VitModel.load(ProjectFiles.model())) {
            int weights = model.manager().getManagedArrays().size();
            CloudEngine engine = new CloudEngine(model);
            for (int i = 0; i < 5; i++) {
                engine.warmUp(); // a lossless and a JPEG frame at split 0, fp32, fp16 and int8 tokens at split 1
            }
            assertThat(model.manager().getManagedArrays().size()).isEqualTo(weights);
        }
    }
}
