package io.janus.operator;

import static io.janus.operator.TestingCluster.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.janus.operator.api.v1alpha1.JanusDeployment;
import io.janus.operator.cluster.TestingControlPlane;
import io.janus.operator.cluster.TestingControlPlane.AuditEvent;
import io.janus.operator.cluster.TestingJanusDeployments;
import io.janus.operator.cluster.TestingOperatorInstall;
import io.janus.operator.status.PodIpEndpoints;
import io.javaoperatorsdk.operator.Operator;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Two replicas of the chart's operator with leader election (the chart's Lease RBAC, one Role per
 * watched namespace): one holds the Lease and reconciles, the other waits. Each replica has its own
 * ServiceAccount token, as each pod would, and the audit log attributes every request to one of them.
 *
 * <p>The leader is not stopped: JOSDK ends the process when a leader stops leading (so that two
 * replicas never reconcile at once), which would end the test JVM. It runs until the JVM exits.
 */
class LeaderElectionIT {

    static final String OPERATOR_NS = "janus-le";
    static final String WATCHED = "le-apps";

    @Test
    void twoReplicasHaveOneLeaderAndOnlyItReconciles() {
        TestingControlPlane cp = TestingControlPlane.shared();
        cp.applyCrd();
        TestingJanusDeployments jds = new TestingJanusDeployments(cp.admin());
        jds.namespace(WATCHED);
        TestingOperatorInstall install = TestingOperatorInstall.helmInstall(cp, "janus-le", OPERATOR_NS,
                Map.of("leaderElection.enabled", "true", "replicaCount", "2", "watchNamespaces[0]", WATCHED));
        Instant start = Instant.now();
        Operator a = install.start("janus-le-operator-a", new PodIpEndpoints());
        Operator b = install.start("janus-le-operator-b", new PodIpEndpoints());

        await("a leader", Duration.ofSeconds(60), () -> holder(cp) != null);
        String leader = holder(cp);
        assertThat(leader).isIn("janus-le-operator-a", "janus-le-operator-b");
        JanusDeployment jd = jds.create(TestingJanusDeployments.placed(WATCHED, "demo"));
        await("the leader reconciles", Duration.ofSeconds(120), () -> jds.steady(jd));
        assertThat(holder(cp)).as("the Lease stays with one replica").isEqualTo(leader);

        String user = "system:serviceaccount:" + OPERATOR_NS + ":" + install.serviceAccount();
        List<AuditEvent> requests = cp.requestsSince(start).stream().filter(e -> e.user().equals(user)).toList();
        // JOSDK starts every replica's informers (a standby's caches are warm when it takes over): reads say nothing
        // about leadership. Writes do: only the leader applies dependents and patches the status.
        Set<String> reconciling = requests.stream()
                .filter(e -> List.of("configmaps", "services", "deployments", "poddisruptionbudgets", "janusdeployments")
                        .contains(e.resource()) && List.of("create", "patch", "update", "delete").contains(e.verb()))
                .map(AuditEvent::credential).collect(Collectors.toSet());
        Set<String> electing = requests.stream().filter(e -> e.resource().equals("leases")).map(AuditEvent::credential)
                .collect(Collectors.toSet());
        assertThat(electing).as("both replicas take part in the election, each with its own token")
                .hasSize(2).doesNotContain("");
        assertThat(reconciling).as("replicas that applied dependents or wrote a status").hasSize(1);

        // The standby may go: stopping it leaves the leader and the Lease as they are.
        (leader.endsWith("-a") ? b : a).stop();
        assertThat(holder(cp)).isEqualTo(leader);
    }

    static String holder(TestingControlPlane cp) {
        Lease lease = cp.admin().leases().inNamespace(OPERATOR_NS).withName(OperatorConfig.LEASE_NAME).get();
        return lease == null || lease.getSpec() == null ? null : lease.getSpec().getHolderIdentity();
    }
}
