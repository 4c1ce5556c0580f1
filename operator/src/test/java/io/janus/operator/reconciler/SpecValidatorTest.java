package io.janus.operator.reconciler;

import static org.assertj.core.api.Assertions.assertThat;

import io.janus.operator.api.v1alpha1.JanusDeployment;
import io.janus.operator.cluster.TestingJanusDeployments;
import org.junit.jupiter.api.Test;

/** What the operator refuses itself when the CRD's schema is not there to (older servers, a mock). */
class SpecValidatorTest {

    @Test
    void aNameThatCannotNameAServiceIsAProblem() {
        assertThat(SpecValidator.structure(TestingJanusDeployments.placed("ns", "demo-1"))).isEmpty();
        assertThat(SpecValidator.structure(TestingJanusDeployments.placed("ns", "9lives")))
                .extracting(SpecProblem::reason).containsExactly("InvalidName");
        assertThat(SpecValidator.structure(TestingJanusDeployments.placed("ns", "my.demo")))
                .singleElement().satisfies(p -> assertThat(p.message()).contains("my.demo-cloud"));
        JanusDeployment tooLong = TestingJanusDeployments.placed("ns", "a".repeat(58));
        assertThat(SpecValidator.structure(tooLong)).extracting(SpecProblem::reason).containsExactly("NameTooLong");
    }
}
