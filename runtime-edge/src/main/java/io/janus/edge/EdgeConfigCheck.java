package io.janus.edge;

import io.janus.model.VitConfig;
import io.janus.plan.Decision;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Settings with which an edge cannot possibly work, found before it starts. Pure: each check returns the problems,
 * each naming its flag; the caller refuses to start on any.
 */
public final class EdgeConfigCheck {

    /** HOST:PORT or [IPv6]:PORT; the port group may be anything, to be reported rather than mis-parsed. */
    private static final Pattern HOST_PORT = Pattern.compile("(?:\\[[0-9a-fA-F:.]+\\]|[^\\s:\\[\\]/]+):(-?\\d+)");
    /** A gRPC target URI (dns:///host:port, unix:/path, ...): its port, if any, is the resolver's business. */
    private static final Pattern TARGET_URI = Pattern.compile("[a-z][a-z0-9+.-]*:/.*");
    static final int MAX_PORT = 65_535;

    private EdgeConfigCheck() {
    }

    /** What can be checked without the model: the cloud's address and the HTTP port. */
    public static List<String> problems(EdgeConfig config) {
        List<String> problems = new ArrayList<>();
        String cloud = cloudProblem(config.cloud());
        if (cloud != null) {
            problems.add(cloud);
        }
        if (config.httpPort() < 0 || config.httpPort() > MAX_PORT) {
            problems.add("--http-port " + config.httpPort() + ": must be in 0.." + MAX_PORT + " (0 = any free port)");
        }
        return problems;
    }

    /** What the model decides: the split point must be in [0, depth + 1], a list schedule at most depth long. */
    public static List<String> problems(Decision decision, VitConfig model) {
        List<String> problems = new ArrayList<>();
        int depth = model.depth();
        if (decision.splitPoint() < 0 || decision.splitPoint() > depth + 1) {
            problems.add("--split " + decision.splitPoint() + ": outside [0, " + (depth + 1) + "] for this model of " + depth
                    + " blocks (0 = cloud-only, " + (depth + 1) + " = device-only)");
        }
        try {
            decision.schedule().removals(model.patchTokens(), depth);
        } catch (IllegalArgumentException e) {
            problems.add("--schedule " + decision.schedule() + ": " + e.getMessage());
        }
        return problems;
    }

    /** Null when {@code target} is a HOST:PORT with a port in 1..65535 (or a gRPC target URI). */
    static String cloudProblem(String target) {
        if (target == null || target.isBlank()) {
            return "--cloud: required, HOST:PORT of the cloud runtime";
        }
        if (TARGET_URI.matcher(target).matches()) {
            return null;
        }
        Matcher m = HOST_PORT.matcher(target);
        if (!m.matches()) {
            return "--cloud '" + target + "': expected HOST:PORT";
        }
        long port;
        try {
            port = Long.parseLong(m.group(1));
        } catch (NumberFormatException e) {
            port = -1;
        }
        if (port < 1 || port > MAX_PORT) {
            return "--cloud " + target + ": port " + m.group(1) + " outside 1.." + MAX_PORT;
        }
        return null;
    }

    /** Throws naming every problem, or returns when there is none. */
    static void refuseOn(List<String> problems) {
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException(String.join("; ", problems));
        }
    }
}
