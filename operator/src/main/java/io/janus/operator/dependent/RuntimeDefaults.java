package io.janus.operator.dependent;

import io.janus.operator.api.v1alpha1.JanusDeployment;
import io.javaoperatorsdk.operator.api.reconciler.Context;

/**
 * Operator-wide settings the dependents need to compute their desired state; the reconciler puts
 * them into the workflow context before it runs the workflow.
 */
public record RuntimeDefaults(String image) {

    private static final String KEY = RuntimeDefaults.class.getName();

    public void putInto(Context<JanusDeployment> context) {
        context.managedWorkflowAndDependentResourceContext().put(KEY, this);
    }

    public static RuntimeDefaults from(Context<JanusDeployment> context) {
        return context.managedWorkflowAndDependentResourceContext().getMandatory(KEY, RuntimeDefaults.class);
    }
}
