package io.janus.operator.status;

import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Why a half's pods do not become ready, in words a person can act on: a crash loop with the
 * runtime's last message (e.g. a missing model folder), an image that cannot be pulled, no node
 * with a free GPU.
 */
public final class PodDiagnosis {

    static final int MAX_DETAIL = 300;

    private PodDiagnosis() {}

    /** The first problem among {@code pods} (by name), as "reason" and "pod NAME: what happened". */
    public static Optional<PodProblem> firstProblem(List<Pod> pods) {
        return pods.stream().sorted(Comparator.comparing(p -> p.getMetadata().getName()))
                .map(PodDiagnosis::problem).flatMap(Optional::stream).findFirst();
    }

    static Optional<PodProblem> problem(Pod pod) {
        if (pod.getStatus() == null) {
            return Optional.empty();
        }
        String name = pod.getMetadata().getName();
        Stream<ContainerStatus> containers = Stream.concat(
                Optional.ofNullable(pod.getStatus().getInitContainerStatuses()).orElse(List.of()).stream(),
                Optional.ofNullable(pod.getStatus().getContainerStatuses()).orElse(List.of()).stream());
        Optional<PodProblem> container = containers.map(c -> containerProblem(name, c)).flatMap(Optional::stream)
                .findFirst();
        if (container.isPresent()) {
            return container;
        }
        return Optional.ofNullable(pod.getStatus().getConditions()).orElse(List.of()).stream()
                .filter(c -> "PodScheduled".equals(c.getType()) && "False".equals(c.getStatus()))
                .findFirst()
                .map(c -> new PodProblem(reasonOr(c, "Unschedulable"), "pod " + name + " cannot be scheduled: "
                        + abbreviate(c.getMessage())));
    }

    private static Optional<PodProblem> containerProblem(String pod, ContainerStatus c) {
        if (c.getState() == null || c.getState().getWaiting() == null) {
            return Optional.empty();
        }
        String reason = c.getState().getWaiting().getReason();
        if (reason == null || "ContainerCreating".equals(reason) || "PodInitializing".equals(reason)) {
            return Optional.empty();
        }
        String detail = c.getLastState() != null && c.getLastState().getTerminated() != null
                && c.getLastState().getTerminated().getMessage() != null
                ? "exited with " + c.getLastState().getTerminated().getExitCode() + ": "
                        + lastLine(c.getLastState().getTerminated().getMessage())
                : c.getState().getWaiting().getMessage();
        return Optional.of(new PodProblem(reason, "pod " + pod + " container " + c.getName() + " " + reason
                + (detail == null ? "" : ": " + abbreviate(detail))));
    }

    private static String reasonOr(PodCondition c, String fallback) {
        return c.getReason() == null ? fallback : c.getReason();
    }

    /** A termination message holds the log tail; its last non-blank line is usually the error. */
    private static String lastLine(String message) {
        String[] lines = message.strip().split("\n");
        return lines[lines.length - 1].strip();
    }

    private static String abbreviate(String s) {
        return s == null ? "" : s.length() <= MAX_DETAIL ? s : s.substring(0, MAX_DETAIL) + "…";
    }

    /** A condition reason (e.g. CrashLoopBackOff) and a message naming the pod. */
    public record PodProblem(String reason, String message) {
    }
}
