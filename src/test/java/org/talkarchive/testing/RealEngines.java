package org.talkarchive.testing;

import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Gives a test method (or a lifecycle method) a {@link TestArchive} on the real PostgreSQL and Elasticsearch that
 * the whole run shares. The engines start once, on first use, and stop when the run ends ({@link EnginesForTheRun}).
 */
public final class RealEngines implements ParameterResolver {

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(RealEngines.class);

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == TestArchive.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        TestArchive archive = SharedEngines.forThisRun().newArchive();
        context.getStore(NAMESPACE).put(archive, (ExtensionContext.Store.CloseableResource) archive::close);
        return archive;
    }
}
