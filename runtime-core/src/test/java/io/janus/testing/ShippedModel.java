package io.janus.testing;

import io.janus.model.VitModel;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * The shipped model, loaded once per test run and closed after its last test: a {@code VitModel} parameter of a test
 * or of a static {@code @BeforeAll} method in a class annotated {@code @ExtendWith(ShippedModel.class)}. Tests only
 * read it; a test that needs its own (closing it, other options) loads its own.
 */
public final class ShippedModel implements ParameterResolver {

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(ShippedModel.class);

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == VitModel.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return context.getRoot().getStore(NAMESPACE)
                .getOrComputeIfAbsent("model", key -> new Loaded(VitModel.load(ProjectFiles.model())), Loaded.class).model();
    }

    /** The model; JUnit closes what a store holds that is AutoCloseable when the store ends (the run, for the root). */
    private record Loaded(VitModel model) implements AutoCloseable {
        @Override
        public void close() {
            model.close();
        }
    }
}
