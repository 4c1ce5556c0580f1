package io.janus.operator.status;

import io.janus.status.EdgeStatus;
/**
 * One poll of one edge pod on its node: its status, or why it could not be read. Equal polls raise no event.
 */
public record EdgeObservation(String pod, String node, EdgeStatus status, String error) {

    public static EdgeObservation of(String pod, EdgeStatus status) {
        return of(pod, null, status);
    }

    public static EdgeObservation of(String pod, String node, EdgeStatus status) {
        return new EdgeObservation(pod, node, status, null);
    }

    public static EdgeObservation failed(String pod, String error) {
        return failed(pod, null, error);
    }

    public static EdgeObservation failed(String pod, String node, String error) {
        return new EdgeObservation(pod, node, null, error);
    }

    public boolean ok() {
        return status != null;
    }
}
