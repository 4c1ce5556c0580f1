package io.janus.operator;

import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Operator settings, read from the environment the Helm chart sets.
 *
 * @param namespaces             namespaces to watch; empty = all
 * @param runtimeImage           runtime image for halves that do not name one
 * @param statusPollInterval     how often each edge pod's status endpoint is read
 * @param minStatusWriteInterval at most one status write per resource per this interval
 * @param leaderElection         whether replicas elect a leader through a Lease
 * @param leaseNamespace         namespace of the Lease (the operator's own)
 * @param leaderIdentity         this replica's name in the Lease (the pod name)
 * @param healthPort             port of /healthz and /readyz
 * @param logLevel               slf4j-simple level: error, warn, info, debug, trace
 */
public record OperatorConfig(
        Set<String> namespaces,
        String runtimeImage,
        Duration statusPollInterval,
        Duration minStatusWriteInterval,
        boolean leaderElection,
        String leaseNamespace,
        String leaderIdentity,
        int healthPort,
        String logLevel) {

    public static final String DEFAULT_RUNTIME_IMAGE = "ghcr.io/janus-project/janus-runtime:0.1.0";
    public static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(5);
    public static final String LEASE_NAME = "janus-operator-leader";
    /** The chart's duration syntax (values.schema.json): 5s, 500ms, 1m. */
    private static final java.util.regex.Pattern DURATION = java.util.regex.Pattern.compile("([0-9]+)(ms|s|m)");

    public static OperatorConfig fromEnv(Map<String, String> env) {
        return new OperatorConfig(
                namespaces(env.getOrDefault("WATCH_NAMESPACES", "")),
                env.getOrDefault("JANUS_RUNTIME_IMAGE", DEFAULT_RUNTIME_IMAGE),
                duration(env, "STATUS_POLL_INTERVAL", DEFAULT_INTERVAL),
                duration(env, "STATUS_WRITE_INTERVAL", DEFAULT_INTERVAL),
                Boolean.parseBoolean(env.getOrDefault("LEADER_ELECTION", "false")),
                env.getOrDefault("POD_NAMESPACE", "default"),
                env.getOrDefault("POD_NAME", env.getOrDefault("HOSTNAME", "janus-operator")),
                Integer.parseInt(env.getOrDefault("HEALTH_PORT", "8081")),
                env.getOrDefault("LOG_LEVEL", "info"));
    }

    /** Settings for tests: every interval given, everything else defaulted. */
    public static OperatorConfig forTesting(String runtimeImage, Duration poll, Duration write) {
        return new OperatorConfig(Set.of(), runtimeImage, poll, write, false, "default", "janus-operator", 0, "info");
    }

    static Set<String> namespaces(String csv) {
        return Arrays.stream(csv.split(",")).map(String::trim).filter(s -> !s.isEmpty())
                .collect(Collectors.toUnmodifiableSet());
    }

    private static Duration duration(Map<String, String> env, String key, Duration fallback) {
        String value = env.get(key);
        if (value == null || value.isBlank()) {
            return fallback;
        }
        java.util.regex.Matcher m = DURATION.matcher(value.trim());
        if (!m.matches()) {
            throw new IllegalArgumentException(key + "=" + value + " is not a duration like 5s, 500ms or 1m");
        }
        long amount = Long.parseLong(m.group(1));
        return switch (m.group(2)) {
            case "ms" -> Duration.ofMillis(amount);
            case "s" -> Duration.ofSeconds(amount);
            default -> Duration.ofMinutes(amount);
        };
    }
}
