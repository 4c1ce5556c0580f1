package io.janus.operator.status;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.janus.operator.api.v1alpha1.JanusDeployment;
import io.janus.operator.dependent.RuntimePorts;
import io.janus.operator.naming.Names;
import java.net.URI;
import java.util.Comparator;
import java.util.List;

/** The status endpoint of every running edge pod, addressed by pod IP. */
public final class PodIpEndpoints implements EdgeEndpoints {

    static final String STATUS_PATH = "/v1/status";

    @Override
    public List<EdgeEndpoint> resolve(JanusDeployment jd, KubernetesClient client) {
        int port = RuntimePorts.edgePort(jd.getSpec());
        return client.pods().inNamespace(jd.getMetadata().getNamespace())
                .withLabels(Names.selector(jd, Names.EDGE)).list().getItems().stream()
                .filter(PodIpEndpoints::serving)
                .sorted(Comparator.comparing(p -> p.getMetadata().getName()))
                .map(p -> new EdgeEndpoint(p.getMetadata().getName(), p.getSpec().getNodeName(), uri(p.getStatus().getPodIP(), port)))
                .toList();
    }

    static URI uri(String ip, int port) {
        String host = ip.contains(":") ? "[" + ip + "]" : ip;
        return URI.create("http://" + host + ":" + port + STATUS_PATH);
    }

    private static boolean serving(Pod p) {
        return p.getMetadata().getDeletionTimestamp() == null && p.getStatus() != null
                && "Running".equals(p.getStatus().getPhase()) && p.getStatus().getPodIP() != null;
    }
}
