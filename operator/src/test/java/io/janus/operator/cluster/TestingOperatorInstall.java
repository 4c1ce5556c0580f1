package io.janus.operator.cluster;

import com.marcnuri.helm.Helm;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.janus.operator.JanusOperator;
import io.janus.operator.OperatorConfig;
import io.janus.operator.status.EdgeEndpoints;
import io.javaoperatorsdk.operator.Operator;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The operator as the chart installs it, run in this JVM: {@code helm install} of helm/janus-operator
 * (helm-java) creates the ServiceAccount, RBAC and the operator Deployment; the Deployment is scaled to
 * zero (its image is not available here) and the operator runs in-process instead, built by
 * {@link JanusOperator#create} — the code path of {@code OperatorMain} — from the environment the chart
 * gives the container, authenticated with a TokenRequest token of the chart's ServiceAccount.
 */
public final class TestingOperatorInstall {

    public static final Path CHART = Path.of("..", "helm", "janus-operator");

    private final TestingControlPlane cp;
    private final String namespace;
    private final Deployment chartDeployment;

    private TestingOperatorInstall(TestingControlPlane cp, String namespace, Deployment chartDeployment) {
        this.cp = cp;
        this.namespace = namespace;
        this.chartDeployment = chartDeployment;
    }

    /** {@code helm install <release> helm/janus-operator -n <namespace> --create-namespace --set k=v ...}. */
    public static TestingOperatorInstall helmInstall(TestingControlPlane cp, String release, String namespace,
                                                     Map<String, Object> values) {
        var install = new Helm(CHART).install().withName(release).withNamespace(namespace).createNamespace()
                .withKubeConfig(cp.kubeconfig());
        values.forEach(install::set);
        install.call();
        Deployment d = cp.admin().apps().deployments().inNamespace(namespace).withLabel("app.kubernetes.io/instance", release)
                .list().getItems().get(0);
        cp.admin().apps().deployments().inNamespace(namespace).withName(d.getMetadata().getName()).scale(0);
        return new TestingOperatorInstall(cp, namespace, d);
    }

    public String namespace() {
        return namespace;
    }

    public String serviceAccount() {
        return chartDeployment.getSpec().getTemplate().getSpec().getServiceAccountName();
    }

    /** The operator container's environment as the kubelet would resolve it for pod {@code podName}. */
    public Map<String, String> environment(String podName) {
        Map<String, String> env = new LinkedHashMap<>();
        for (EnvVar e : chartDeployment.getSpec().getTemplate().getSpec().getContainers().get(0).getEnv()) {
            if (e.getValueFrom() == null) {
                env.put(e.getName(), e.getValue() == null ? "" : e.getValue());
            } else {
                String field = e.getValueFrom().getFieldRef().getFieldPath();
                env.put(e.getName(), switch (field) {
                    case "metadata.namespace" -> namespace;
                    case "metadata.name" -> podName;
                    default -> throw new IllegalStateException("the chart uses fieldRef " + field + "; resolve it here");
                });
            }
        }
        env.put("HOSTNAME", podName);
        return env;
    }

    /** Starts one operator replica as pod {@code podName} would run it; the caller stops it. */
    public Operator start(String podName, EdgeEndpoints endpoints) {
        OperatorConfig config = OperatorConfig.fromEnv(environment(podName));
        KubernetesClient client = cp.clientAs(namespace, serviceAccount());
        Operator operator = JanusOperator.create(config, client, endpoints);
        operator.start();
        return operator;
    }
}
