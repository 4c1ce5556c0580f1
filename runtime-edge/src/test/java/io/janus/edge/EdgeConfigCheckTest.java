package io.janus.edge;

import static org.assertj.core.api.Assertions.assertThat;

import io.janus.model.ModelDigest;
import io.janus.model.VitConfig;
import io.janus.plan.Decision;
import io.janus.schedule.Schedule;
import io.janus.wire.TensorCodec;
import io.janus.wire.TransportSecurity;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** Settings that cannot work are found before anything starts, each problem naming its flag. */
class EdgeConfigCheckTest {

    private static EdgeConfig config(String cloud, int httpPort) {
        return new EdgeConfig(Path.of("model"), cloud, httpPort, "127.0.0.1", TransportSecurity.plaintext(),
                new Decision(Schedule.none(), 3, TensorCodec.FP16), EdgeOptions.defaults(300), null);
    }

    @Test
    void cloudPortsOutsideOneTo65535AreRefusedByName() {
        assertThat(EdgeConfigCheck.problems(config("127.0.0.1:99999", 8080)))
                .containsExactly("--cloud 127.0.0.1:99999: port 99999 outside 1..65535");
        assertThat(EdgeConfigCheck.problems(config("127.0.0.1:0", 8080))).singleElement().asString().contains("port 0");
        assertThat(EdgeConfigCheck.problems(config("127.0.0.1:-5", 8080))).singleElement().asString().contains("port -5");
        assertThat(EdgeConfigCheck.problems(config("cloud:99999999999999999999", 8080))).singleElement().asString()
                .contains("outside 1..65535");
        assertThat(EdgeConfigCheck.problems(config("127.0.0.1", 8080))).singleElement().asString().contains("expected HOST:PORT");
        assertThat(EdgeConfigCheck.problems(config("127.0.0.1:50051", 8080))).isEmpty();
        assertThat(EdgeConfigCheck.problems(config("[::1]:50051", 0))).isEmpty();
        assertThat(EdgeConfigCheck.problems(config("dns:///janus-cloud:50051", 8080))).isEmpty();
    }

    @Test
    void httpPortsOutside0To65535AreRefusedByName() {
        assertThat(EdgeConfigCheck.problems(config("127.0.0.1:50051", 70000))).singleElement().asString()
                .startsWith("--http-port 70000");
        assertThat(EdgeConfigCheck.problems(config("127.0.0.1:50051", -1))).singleElement().asString().startsWith("--http-port -1");
        assertThat(EdgeConfigCheck.problems(config("127.0.0.1:99999", -1))).as("every problem at once").hasSize(2);
    }

    @Test
    void splitPointsAndSchedulesMustFitTheModel() {
        VitConfig model = new VitConfig("vit_tiny", 224, 16, 3, 192, 12, 3, 768, true, true, "token", 10, java.util.List.of(),
                new VitConfig.Preprocessing(new float[] {0.5f}, new float[] {0.5f}, "bilinear", 1.0), VitConfig.Variant.plain());
        int depth = model.depth();
        assertThat(EdgeConfigCheck.problems(new Decision(Schedule.none(), 99, TensorCodec.FP16), model)).singleElement().asString()
                .startsWith("--split 99: outside [0, " + (depth + 1) + "]");
        assertThat(EdgeConfigCheck.problems(new Decision(Schedule.none(), -1, TensorCodec.FP16), model)).hasSize(1);
        assertThat(EdgeConfigCheck.problems(new Decision(Schedule.none(), depth + 1, TensorCodec.FP16), model)).isEmpty();
        assertThat(EdgeConfigCheck.problems(new Decision(Schedule.none(), 0, TensorCodec.FP16), model)).isEmpty();
        int[] tooLong = new int[depth + 1];
        assertThat(EdgeConfigCheck.problems(new Decision(Schedule.list(tooLong), 3, TensorCodec.FP16), model)).singleElement()
                .asString().startsWith("--schedule list:").contains("the model has " + depth);
    }

    @Test
    void aCloudServingAnotherModelIsNamedWithBothDigests() {
        assertThat(EdgeRuntime.digestProblem("c:1", "abc", ModelDigest.of("abc"))).isNull();
        assertThat(EdgeRuntime.digestProblem("c:1", null, ModelDigest.of("abc"))).isNull();
        assertThat(EdgeRuntime.digestProblem("c:1", "def", ModelDigest.of("abc"))).startsWith("model digest mismatch").contains("c:1", "def", "abc");
    }
}
