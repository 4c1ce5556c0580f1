package io.janus.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.janus.testing.ProjectFiles;
import java.io.IOException;
import org.junit.jupiter.api.Test;

class ScheduleTest {

    private static final int PATCHES = 196;
    private static final int DEPTH = 12;

    private static JsonNode accuracyTable() throws IOException {
        return new ObjectMapper().readTree(ProjectFiles.fixture("accuracy.json").toFile());
    }

    private static int[] ints(JsonNode array) {
        int[] v = new int[array.size()];
        for (int i = 0; i < v.length; i++) {
            v[i] = array.get(i).asInt();
        }
        return v;
    }

    @Test
    void exponentialScheduleMatchesTheReferenceForEveryRate() throws IOException {
        for (JsonNode row : accuracyTable().get("exponential")) {
            Schedule s = Schedule.parse("exp:" + row.get("alpha").asText());
            assertThat(s.removals(PATCHES, DEPTH)).as("α=%s", row.get("alpha")).containsExactly(ints(row.get("r")));
            assertThat(s.tokenCounts(PATCHES, 1, DEPTH)).containsExactly(ints(row.get("tokens")));
        }
    }

    @Test
    void constantScheduleMatchesTheReference() throws IOException {
        for (JsonNode row : accuracyTable().get("constant")) {
            Schedule s = Schedule.parse("const:" + row.get("r0").asInt());
            assertThat(s.tokenCounts(PATCHES, 1, DEPTH)).containsExactly(ints(row.get("tokens")));
        }
    }

    @Test
    void removalsAreCappedAtHalfTheMergeableTokens() {
        assertThat(Schedule.constant(80).removals(196, 4)).containsExactly(80, 58, 29, 14);
        assertThat(Schedule.list(150, 3).removals(196, 3)).containsExactly(98, 3, 0);
    }

    @Test
    void specStringsRoundTrip() {
        for (String spec : new String[] {"none", "const:8", "exp:0.25", "exp:0.1", "list:3,2,1"}) {
            assertThat(Schedule.parse(spec)).hasToString(spec);
        }
        assertThat(Schedule.parse("exp:0")).isEqualTo(Schedule.none());
        assertThat(Schedule.parse(" EXP:0.10 ")).hasToString("exp:0.1");
    }

    @Test
    void malformedSpecsAreRejectedWithTheReason() {
        assertThatThrownBy(() -> Schedule.parse("exp:1.5")).hasMessageContaining("[0, 1)");
        assertThatThrownBy(() -> Schedule.parse("const:-1")).hasMessageContaining(">= 0");
        assertThatThrownBy(() -> Schedule.parse("exp:abc")).hasMessageContaining("not a number");
        assertThatThrownBy(() -> Schedule.parse("linear:3")).hasMessageContaining("expected none, const:R");
        assertThatThrownBy(() -> Schedule.list(1, 2, 3).removals(196, 2)).hasMessageContaining("lists 3 blocks");
    }
}
