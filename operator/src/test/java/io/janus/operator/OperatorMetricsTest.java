package io.janus.operator;

import static io.janus.operator.TestingCluster.await;

import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.janus.operator.api.Examples;
import io.janus.operator.api.v1alpha1.JanusDeployment;
import io.javaoperatorsdk.operator.Operator;
import io.javaoperatorsdk.operator.monitoring.micrometer.MicrometerMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.FileInputStream;
import java.io.InputStream;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The operator as the image builds it reports its reconciliations in Prometheus format (served on /metrics). */
@EnableKubernetesMockClient(crud = true)
class OperatorMetricsTest {

    KubernetesClient client;

    @Test
    void reconciliationsOfAJanusDeploymentAreCounted() throws Exception {
        try (InputStream crd = new FileInputStream("target/classes/META-INF/fabric8/janusdeployments.janus.io-v1.yml")) {
            client.resource(client.getKubernetesSerialization().unmarshal(crd, CustomResourceDefinition.class)).create();
        }
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        Operator operator = JanusOperator.create(OperatorConfig.forTesting("example.org/janus-runtime:test",
                Duration.ofMillis(200), Duration.ofMillis(300)), client, (jd, c) -> List.of(),
                MicrometerMetrics.newPerResourceCollectingMicrometerMetricsBuilder(registry).build());
        operator.start();
        JanusDeployment jd = Examples.load(Examples.MINIMAL);
        jd.getMetadata().setNamespace("janus");
        client.resource(jd).create();
        await("reconciliations in the scrape", Duration.ofSeconds(20),
                () -> registry.scrape().contains("operator_sdk_reconciliations_started_total")
                        && registry.scrape().contains("vit-demo"));
        operator.stop();
    }
}
