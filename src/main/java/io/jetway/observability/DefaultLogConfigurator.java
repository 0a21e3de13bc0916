package io.jetway.observability;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.core.spi.ContextAwareBase;

/**
 * Logback's configuration before (or without) the command line's flags: the WAR in any container,
 * the tests, {@code check}: INFO in Traefik's common format on the standard error. Found by Logback
 * through {@code META-INF/services}, instead of its own DEBUG console default.
 */
public final class DefaultLogConfigurator extends ContextAwareBase implements Configurator {

    @Override
    public ExecutionStatus configure(LoggerContext context) {
        LogPipeline.configure(context, LogPipeline.Settings.DEFAULTS);
        return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
    }
}
