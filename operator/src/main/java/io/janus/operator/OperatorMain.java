package io.janus.operator;

import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.janus.operator.status.PodIpEndpoints;
import io.javaoperatorsdk.operator.Operator;
import io.javaoperatorsdk.operator.monitoring.micrometer.MicrometerMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

/** Entry point of the operator image. */
public final class OperatorMain {

    private OperatorMain() {}

    public static void main(String[] args) throws Exception {
        OperatorConfig config = OperatorConfig.fromEnv(System.getenv());
        // Must be set before the first logger is created.
        System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", config.logLevel());
        System.setProperty("org.slf4j.simpleLogger.showDateTime", "true");

        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        Operator operator = JanusOperator.create(config, new KubernetesClientBuilder().build(), new PodIpEndpoints(),
                MicrometerMetrics.newPerResourceCollectingMicrometerMetricsBuilder(registry).build());
        HealthServer health = HealthServer.start(config.healthPort(), operator.getRuntimeInfo(), registry::scrape);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            operator.stop();
            health.close();
        }, "shutdown"));
        operator.start();
    }
}
