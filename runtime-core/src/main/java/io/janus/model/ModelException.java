package io.janus.model;

/** A model or tensor file that cannot be used, with a message that names the file, the tensor and what was expected. */
public class ModelException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    public ModelException(String message) {
        super(message);
    }

    public ModelException(String message, Throwable cause) {
        super(message, cause);
    }
}
