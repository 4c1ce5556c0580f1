package io.janus.operator.status;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.janus.operator.api.v1alpha1.JanusDeployment;
import io.javaoperatorsdk.operator.processing.event.source.polling.PerResourcePollingEventSource;
import java.util.Set;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** What the polling event source runs for each JanusDeployment: read every edge pod's status. */
public final class EdgeStatusFetcher implements PerResourcePollingEventSource.ResourceFetcher<EdgeObservation, JanusDeployment> {

    private static final Logger log = LoggerFactory.getLogger(EdgeStatusFetcher.class);

    private final KubernetesClient kubernetes;
    private final EdgeEndpoints endpoints;
    private final EdgeStatusClient client;

    public EdgeStatusFetcher(KubernetesClient kubernetes, EdgeEndpoints endpoints, EdgeStatusClient client) {
        this.kubernetes = kubernetes;
        this.endpoints = endpoints;
        this.client = client;
    }

    @Override
    public Set<EdgeObservation> fetchResources(JanusDeployment jd) {
        try {
            return endpoints.resolve(jd, kubernetes).stream().map(client::read).collect(Collectors.toSet());
        } catch (RuntimeException e) {
            // Listing pods failed (API server hiccup): keep polling, report nothing new this round.
            log.warn("cannot list edge pods of {}/{}: {}", jd.getMetadata().getNamespace(),
                    jd.getMetadata().getName(), e.getMessage());
            return Set.of();
        }
    }
}
