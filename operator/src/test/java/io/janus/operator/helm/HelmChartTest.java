package io.janus.operator.helm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** helm lint and helm template of helm/janus-operator, with the rendered manifests checked. */
class HelmChartTest {

    static final Path CHART = Path.of("../helm/janus-operator");
    static final KubernetesSerialization YAML = new KubernetesSerialization();

    @Test
    void chartLintsStrictly() {
        LintResult result = new Helm(CHART).lint().strict().call();
        assertThat(result.isFailed()).as(String.join("\n", result.getMessages())).isFalse();
    }

    @Test
    void defaultInstallWatchesAllNamespacesWithLeastPrivilege() {
        List<HasMetadata> objects = render(t -> t);
        Deployment operator = one(objects, Deployment.class);
        Container c = operator.getSpec().getTemplate().getSpec().getContainers().get(0);
        assertThat(c.getImage()).isEqualTo("ghcr.io/janus-project/janus-operator:0.1.0");
        assertThat(env(c)).containsEntry("JANUS_RUNTIME_IMAGE", "ghcr.io/janus-project/janus-runtime:0.1.0")
                .containsEntry("WATCH_NAMESPACES", "").containsEntry("LEADER_ELECTION", "false")
                .containsEntry("STATUS_POLL_INTERVAL", "5s");
        assertThat(c.getLivenessProbe().getHttpGet().getPath()).isEqualTo("/healthz");
        assertThat(c.getReadinessProbe().getHttpGet().getPath()).isEqualTo("/readyz");
        assertThat(c.getSecurityContext().getReadOnlyRootFilesystem()).isTrue();
        assertThat(c.getSecurityContext().getAllowPrivilegeEscalation()).isFalse();
        assertThat(c.getResources().getRequests()).containsKeys("cpu", "memory");
        assertThat(operator.getSpec().getTemplate().getSpec().getServiceAccountName()).isEqualTo("janus-janus-operator");

        List<PolicyRule> rules = one(objects, ClusterRole.class).getRules();
        assertThat(rules).flatExtracting(PolicyRule::getVerbs).doesNotContain("*", "deletecollection");
        // delete only where the operator replaces or retires what it made (placement switch, autoscaling removed,
        // a pre-headless cloud Service); everything else goes by garbage collection.
        assertThat(rules).filteredOn(r -> r.getVerbs().contains("delete")).flatExtracting(PolicyRule::getResources)
                .containsExactlyInAnyOrder("deployments", "daemonsets", "horizontalpodautoscalers", "services");
        assertThat(rules).flatExtracting(PolicyRule::getResources).doesNotContain("*");
        assertThat(rules).filteredOn(r -> r.getResources().contains("secrets"))
                .singleElement().satisfies(r -> assertThat(r.getVerbs()).containsExactly("get"));
        assertThat(objects).noneMatch(o -> o instanceof Role);
    }

    @Test
    void watchedNamespacesGetRolesAndLeaderElectionGetsALease() {
        List<HasMetadata> objects = render(t -> t.set("watchNamespaces[0]", "team-a").set("watchNamespaces[1]", "team-b")
                .set("leaderElection.enabled", "true").set("replicaCount", "2").set("logLevel", "debug"));
        assertThat(objects).noneMatch(o -> o instanceof ClusterRole);
        List<Role> roles = objects.stream().filter(Role.class::isInstance).map(Role.class::cast).toList();
        assertThat(roles).extracting(r -> r.getMetadata().getNamespace() + "/" + r.getMetadata().getName())
                .containsExactlyInAnyOrder("team-a/janus-janus-operator", "team-b/janus-janus-operator",
                        "janus-system/janus-janus-operator-leader-election");
        assertThat(roles).filteredOn(r -> r.getMetadata().getName().endsWith("leader-election")).singleElement()
                .satisfies(r -> assertThat(r.getRules().get(0).getResources()).containsExactly("leases"));
        Deployment operator = one(objects, Deployment.class);
        assertThat(operator.getSpec().getReplicas()).isEqualTo(2);
        assertThat(env(operator.getSpec().getTemplate().getSpec().getContainers().get(0)))
                .containsEntry("WATCH_NAMESPACES", "team-a,team-b").containsEntry("LEADER_ELECTION", "true")
                .containsEntry("LOG_LEVEL", "debug");
    }

    @Test
    void valuesSchemaRejectsAnInvalidValue() {
        assertThatThrownBy(() -> render(t -> t.set("logLevel", "loud")))
                .hasMessageContaining("logLevel");
    }

    static List<HasMetadata> render(UnaryOperator<com.marcnuri.helm.TemplateCommand> options) {
        String yaml = options.apply(new Helm(CHART).template().withName("janus").withNamespace("janus-system").withKubeVersion("1.30.0")).call();
        Object parsed = YAML.unmarshal(yaml);
        @SuppressWarnings("unchecked")
        List<HasMetadata> objects = parsed instanceof List<?> list ? (List<HasMetadata>) list : List.of((HasMetadata) parsed);
        return objects;
    }

    static <T> T one(List<HasMetadata> objects, Class<T> type) {
        return objects.stream().filter(type::isInstance).map(type::cast).collect(Collectors.collectingAndThen(
                Collectors.toList(), l -> {
                    assertThat(l).as("exactly one " + type.getSimpleName()).hasSize(1);
                    return l.get(0);
                }));
    }

    static Map<String, String> env(Container c) {
        return c.getEnv().stream().filter(e -> e.getValue() != null)
                .collect(Collectors.toMap(EnvVar::getName, EnvVar::getValue));
    }
}
