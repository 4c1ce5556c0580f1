package io.janus.model;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/**
 * The sha256 (hex) of a model's {@code model.safetensors}: edge and cloud must run the same weights, and a latency
 * profile is of one model. Owns equality (the wire's {@code model_digest} is compared with {@link #matches}) and the
 * one short form of logs, messages and file names.
 *
 * @param hex the digest as sent on the wire and written in profiles
 */
public record ModelDigest(@JsonValue String hex) {

    /** Characters of {@link #shortForm()}: 48 bits, enough to tell models apart in a log line. */
    public static final int SHORT_LENGTH = 12;

    public ModelDigest {
        if (hex == null || hex.isBlank()) {
            throw new IllegalArgumentException("model digest: must not be empty");
        }
    }

    @JsonCreator
    public static ModelDigest of(String hex) {
        return new ModelDigest(hex);
    }

    /** Whether {@code wire} (a {@code model_digest} field, possibly empty) names this model. */
    public boolean matches(String wire) {
        return hex.equals(wire);
    }

    /** The first {@value #SHORT_LENGTH} characters (all of a shorter digest). */
    public String shortForm() {
        return hex.substring(0, Math.min(SHORT_LENGTH, hex.length()));
    }

    /** The full digest, as messages that must name both models print it. */
    @Override
    public String toString() {
        return hex;
    }
}
