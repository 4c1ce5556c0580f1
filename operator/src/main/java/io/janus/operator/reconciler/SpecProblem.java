package io.janus.operator.reconciler;

/**
 * Something wrong with a JanusDeployment that the user must fix. {@code reason} is a CamelCase
 * condition reason; {@code message} says what is wrong and what to change.
 */
public record SpecProblem(String reason, String message) {
}
