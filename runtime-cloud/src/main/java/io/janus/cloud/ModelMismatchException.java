package io.janus.cloud;

/** The edge ran different weights than the cloud serves: its tokens mean nothing here (FAILED_PRECONDITION). */
public final class ModelMismatchException extends RuntimeException {

    public ModelMismatchException(String message) {
        super(message);
    }
}
