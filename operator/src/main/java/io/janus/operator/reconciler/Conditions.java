package io.janus.operator.reconciler;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ConditionBuilder;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** The condition types a JanusDeployment always reports, and their merge with the previous status. */
public final class Conditions {

    public static final String READY = "Ready";
    public static final String EDGE_READY = "EdgeReady";
    public static final String CLOUD_READY = "CloudReady";
    public static final String CLOUD_REACHABLE = "CloudReachable";
    public static final String DEGRADED = "Degraded";

    public static final String TRUE = "True";
    public static final String FALSE = "False";
    public static final String UNKNOWN = "Unknown";

    private Conditions() {}

    public static Condition of(String type, String status, String reason, String message) {
        return new ConditionBuilder().withType(type).withStatus(status).withReason(reason).withMessage(message).build();
    }

    /**
     * Stamps {@code fresh} conditions with {@code observedGeneration} and a lastTransitionTime:
     * the previous one when the status of that type did not change, {@code now} otherwise.
     */
    public static List<Condition> merge(List<Condition> previous, List<Condition> fresh, long generation, String now) {
        return fresh.stream().map(c -> {
            String since = find(previous, c.getType())
                    .filter(old -> Objects.equals(old.getStatus(), c.getStatus()) && old.getLastTransitionTime() != null)
                    .map(Condition::getLastTransitionTime)
                    .orElse(now);
            return new ConditionBuilder(c).withObservedGeneration(generation).withLastTransitionTime(since).build();
        }).toList();
    }

    public static Optional<Condition> find(List<Condition> conditions, String type) {
        return conditions == null ? Optional.empty()
                : conditions.stream().filter(c -> type.equals(c.getType())).findFirst();
    }
}
