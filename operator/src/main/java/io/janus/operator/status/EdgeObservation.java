package io.janus.operator.status;

/** One poll of one edge pod: its status, or why it could not be read. Equal polls raise no event. */
public record EdgeObservation(String pod, EdgeStatus status, String error) {

    public static EdgeObservation of(String pod, EdgeStatus status) {
        return new EdgeObservation(pod, status, null);
    }

    public static EdgeObservation failed(String pod, String error) {
        return new EdgeObservation(pod, null, error);
    }

    public boolean ok() {
        return status != null;
    }
}
