package io.janus.operator.status;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.janus.operator.api.v1alpha1.JanusDeployment;
import java.util.List;

/**
 * Finds the status endpoints of a JanusDeployment's edge pods. In a cluster: the pods' IPs
 * ({@link PodIpEndpoints}); tests substitute an in-process server.
 */
@FunctionalInterface
public interface EdgeEndpoints {

    List<EdgeEndpoint> resolve(JanusDeployment jd, KubernetesClient client);
}
