package io.janus.operator;

import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.janus.operator.status.PodIpEndpoints;
import io.javaoperatorsdk.operator.Operator;

/** Entry point of the operator image. */
public final class OperatorMain {

    private OperatorMain() {}

    public static void main(String[] args) throws Exception {
        OperatorConfig config = OperatorConfig.fromEnv(System.getenv());
        // Must be set before the first logger is created.
        System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", config.logLevel());
        System.setProperty("org.slf4j.simpleLogger.showDateTime", "true");

        Operator operator = JanusOperator.create(config, new KubernetesClientBuilder().build(), new PodIpEndpoints());
        HealthServer health = HealthServer.start(config.healthPort(), operator.getRuntimeInfo());
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            operator.stop();
            health.close();
        }, "shutdown"));
        operator.start();
    }
}
