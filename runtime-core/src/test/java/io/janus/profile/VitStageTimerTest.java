package io.janus.profile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.janus.model.VitModel;
import io.janus.testing.ProjectFiles;
import java.time.Clock;
import org.junit.jupiter.api.Test;

class VitStageTimerTest {

    @Test
    void profilesTheShippedModel() {
        try (VitModel model = VitModel.load(ProjectFiles.model()); VitStageTimer timer = new VitStageTimer(model)) {
            LatencyProfile p = new Profiler(1, 3, 3, Clock.systemUTC()).measure(timer);

            assertThat(p.model().digest()).isEqualTo(model.digest());
            assertThat(p.geometry()).isEqualTo(ModelGeometry.VIT_TINY_MNIST);
            assertThat(p.threads()).isPositive();
            assertThat(p.device()).contains("cores");
            assertThat(p.embedMs()).isPositive();
            assertThat(p.headMs()).isPositive();
            double full = 0;
            double fewest = 0;
            for (LatencyProfile.BlockLatency b : p.blocks()) {
                assertThat(b.samples()).extracting(LatencyProfile.Sample::tokens).containsExactly(197, 104, 11);
                assertThat(b.samples()).allSatisfy(s -> assertThat(s.ms()).isPositive());
                full += b.samples().get(0).ms();
                fewest += b.samples().get(2).ms();
            }
            // Eighteen times the tokens cost more, even on a busy machine.
            assertThat(full).isGreaterThan(fewest);
            assertThatThrownBy(() -> timer.blockMs(0, 500)).hasMessageContaining("the model has 197");
        }
    }
}
