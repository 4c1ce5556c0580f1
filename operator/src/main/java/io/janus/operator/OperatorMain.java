package io.janus.operator;

import io.janus.operator.reconciler.JanusDeploymentReconciler;
import io.janus.operator.status.PodIpEndpoints;
import io.javaoperatorsdk.operator.Operator;
import io.javaoperatorsdk.operator.api.config.LeaderElectionConfiguration;
import java.time.Clock;

/** Entry point of the operator image. */
public final class OperatorMain {

    private OperatorMain() {}

    public static void main(String[] args) throws Exception {
        OperatorConfig config = OperatorConfig.fromEnv(System.getenv());
        // Must be set before the first logger is created.
        System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", config.logLevel());
        System.setProperty("org.slf4j.simpleLogger.showDateTime", "true");

        Operator operator = new Operator(o -> {
            o.withCloseClientOnStop(true);
            if (config.leaderElection()) {
                o.withLeaderElectionConfiguration(
                        new LeaderElectionConfiguration(OperatorConfig.LEASE_NAME, config.leaseNamespace()));
            }
        });
        operator.register(new JanusDeploymentReconciler(config, new PodIpEndpoints(), Clock.systemUTC()), c -> {
            if (config.namespaces().isEmpty()) {
                c.watchingAllNamespaces();
            } else {
                c.settingNamespaces(config.namespaces());
            }
        });
        HealthServer health = HealthServer.start(config.healthPort(), operator.getRuntimeInfo());
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            operator.stop();
            health.close();
        }, "shutdown"));
        operator.start();
    }
}
