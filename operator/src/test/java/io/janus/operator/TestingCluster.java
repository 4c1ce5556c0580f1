package io.janus.operator;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.util.List;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * What a real cluster does and the mock server does not: the kubelet reporting pods ready, and the
 * garbage collector deleting objects whose owner is gone.
 */
public final class TestingCluster {

    private TestingCluster() {}

    /** Reports {@code ready} of the Deployment's replicas as ready, as the kubelet would. */
    public static void markReady(KubernetesClient client, String ns, String name, int ready) {
        Deployment d = client.apps().deployments().inNamespace(ns).withName(name).get();
        d.setStatus(new DeploymentStatusBuilder().withReplicas(ready).withReadyReplicas(ready)
                .withUpdatedReplicas(ready).withAvailableReplicas(ready).withObservedGeneration(1L).build());
        client.apps().deployments().inNamespace(ns).resource(d).updateStatus();
    }

    /** Deletes every object owned (by uid) by an object that no longer exists: Kubernetes' garbage collection. */
    public static void collectGarbage(KubernetesClient client, String ns, List<String> liveOwnerUids) {
        Stream.<List<? extends HasMetadata>>of(
                        client.configMaps().inNamespace(ns).list().getItems(),
                        client.services().inNamespace(ns).list().getItems(),
                        client.apps().deployments().inNamespace(ns).list().getItems())
                .flatMap(List::stream)
                .filter(o -> !o.getMetadata().getOwnerReferences().isEmpty())
                .filter(o -> o.getMetadata().getOwnerReferences().stream().map(OwnerReference::getUid)
                        .noneMatch(liveOwnerUids::contains))
                .forEach(o -> client.resource(o).delete());
    }

    /** Polls {@code condition} until it holds; fails with {@code what} after {@code timeout}. */
    public static void await(String what, Duration timeout, Supplier<Boolean> condition) {
        long deadline = System.nanoTime() + timeout.toNanos();
        AssertionError last = null;
        while (System.nanoTime() < deadline) {
            try {
                if (Boolean.TRUE.equals(condition.get())) {
                    return;
                }
            } catch (AssertionError | RuntimeException e) {
                last = e instanceof AssertionError a ? a : new AssertionError(e);
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted waiting for " + what, e);
            }
        }
        throw new AssertionError("timed out after " + timeout + " waiting for " + what, last);
    }
}
