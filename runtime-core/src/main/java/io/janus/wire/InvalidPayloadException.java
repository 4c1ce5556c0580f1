package io.janus.wire;

/** A request or payload that does not follow the janus.v1 contract; the message names the field and the problem. */
public final class InvalidPayloadException extends IllegalArgumentException {

    public InvalidPayloadException(String message) {
        super(message);
    }
}
