package io.janus.operator;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.janus.operator.reconciler.JanusDeploymentReconciler;
import io.janus.operator.status.EdgeEndpoints;
import io.javaoperatorsdk.operator.Operator;
import io.javaoperatorsdk.operator.api.config.LeaderElectionConfiguration;
import java.time.Clock;

/**
 * The operator as the image runs it: JOSDK's defaults (server-side apply for the dependents and the
 * status), leader election when configured, the watched namespaces. {@link OperatorMain} and the
 * real-API-server tests build it here, so the tests run exactly what production runs.
 */
public final class JanusOperator {

    private JanusOperator() {}

    /**
     * @param client    the API client; the operator closes it when it stops
     * @param endpoints where the edge pods' status endpoints are ({@link io.janus.operator.status.PodIpEndpoints}
     *                  in a cluster)
     */
    public static Operator create(OperatorConfig config, KubernetesClient client, EdgeEndpoints endpoints) {
        Operator operator = new Operator(o -> {
            o.withKubernetesClient(client);
            o.withCloseClientOnStop(true);
            if (config.leaderElection()) {
                o.withLeaderElectionConfiguration(new LeaderElectionConfiguration(OperatorConfig.LEASE_NAME,
                        config.leaseNamespace(), config.leaderIdentity()));
            }
        });
        operator.register(new JanusDeploymentReconciler(config, endpoints, Clock.systemUTC()), c -> {
            if (config.namespaces().isEmpty()) {
                c.watchingAllNamespaces();
            } else {
                c.settingNamespaces(config.namespaces());
            }
        });
        return operator;
    }
}
