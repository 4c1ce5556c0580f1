package io.janus.edge;

import static org.assertj.core.api.Assertions.assertThat;

import io.janus.cloud.CloudConfig;
import io.janus.cloud.CloudServer;
import io.janus.model.VitModel;
import io.janus.plan.Decider;
import io.janus.plan.Decision;
import io.janus.plan.Mode;
import io.janus.schedule.Schedule;
import io.janus.testing.Digits;
import io.janus.testing.ProjectFiles;
import io.janus.wire.LoopbackPorts;
import io.janus.wire.TensorCodec;
import io.janus.wire.TransportSecurity;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * Every path a frame can take through the edge (cloud-only, collaborative, device-only, and the fallback when the
 * cloud is unreachable) leaves no array on the model's manager: each frame's native memory is freed with the frame.
 * The edge once kept about 150 kB per frame this way, on the collaborative and device-only paths alike (issue 10).
 */
class FrameMemoryIT {

    private static final int FRAMES = 20;

    @Test
    void noPathLeavesAnArrayOnTheModelsManager() throws Exception {
        try (VitModel model = VitModel.load(ProjectFiles.model());
             CloudServer cloud = CloudServer.start(CloudConfig.local(ProjectFiles.model(), TransportSecurity.plaintext()))) {
            int weights = model.manager().getManagedArrays().size();
            int depth = model.config().depth();
            String up = "127.0.0.1:" + cloud.port();
            String down = "127.0.0.1:" + LoopbackPorts.free();
            for (var path : new Object[][] {{up, 0, Mode.CLOUD_ONLY}, {up, 3, Mode.COLLABORATIVE},
                {up, depth + 1, Mode.DEVICE_ONLY}, {down, 3, Mode.DEVICE_ONLY}}) {
                Decision d = new Decision(Schedule.parse("exp:0.1"), (int) path[1], TensorCodec.FP16);
                EdgeOptions options = EdgeOptions.defaults(5_000);
                try (EdgeRuntime edge = new EdgeRuntime(model, CloudClient.connect((String) path[0], TransportSecurity.plaintext()),
                        Decider.fixed(d), options, new PrometheusRegistry())) {
                    edge.warmUp();
                    for (int i = 0; i < FRAMES; i++) {
                        FrameResult r = edge.process(Digits.get(i));
                        assertThat(r.mode()).as("%s split %s", path[0], path[1]).isEqualTo(path[2]);
                    }
                }
                assertThat(model.manager().getManagedArrays().size())
                        .as("arrays on the model's manager after %d frames to %s at split %s", FRAMES, path[0], path[1])
                        .isEqualTo(weights);
            }
        }
    }
}
