package io.janus.operator.reconciler;

import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.ObjectReferenceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.janus.operator.api.v1alpha1.JanusDeployment;
import io.janus.operator.naming.Names;
import java.util.List;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Kubernetes Events for spec problems as they appear and disappear (kubectl describe jd shows them). */
final class SpecEvents {

    private static final Logger log = LoggerFactory.getLogger(SpecEvents.class);

    private SpecEvents() {}

    static void problemsFound(KubernetesClient client, JanusDeployment jd, List<SpecProblem> problems, String now) {
        problems.forEach(p -> emit(client, jd, "Warning", p.reason(), p.message(), now));
    }

    static void recovered(KubernetesClient client, JanusDeployment jd, String now) {
        emit(client, jd, "Normal", "SpecValid", "the spec problems are resolved; reconciling the runtimes", now);
    }

    private static void emit(KubernetesClient client, JanusDeployment jd, String type, String reason, String message,
                             String now) {
        String ns = jd.getMetadata().getNamespace();
        try {
            client.v1().events().inNamespace(ns).resource(new EventBuilder()
                    .withNewMetadata()
                        .withName(jd.getMetadata().getName() + "." + UUID.randomUUID().toString().substring(0, 13))
                        .withNamespace(ns)
                    .endMetadata()
                    .withInvolvedObject(new ObjectReferenceBuilder()
                            .withApiVersion(jd.getApiVersion()).withKind(jd.getKind())
                            .withName(jd.getMetadata().getName()).withNamespace(ns)
                            .withUid(jd.getMetadata().getUid())
                            .withResourceVersion(jd.getMetadata().getResourceVersion()).build())
                    .withType(type)
                    .withReason(reason)
                    .withMessage(message)
                    .withFirstTimestamp(now)
                    .withLastTimestamp(now)
                    .withCount(1)
                    .withNewSource().withComponent(Names.MANAGER).endSource()
                    .withReportingComponent(Names.MANAGER)
                    .build()).create();
        } catch (KubernetesClientException e) {
            // Events are a courtesy; the condition already carries the message.
            log.warn("cannot record event {} for {}/{}: {}", reason, ns, jd.getMetadata().getName(), e.getMessage());
        }
    }
}
