package io.jetway.observability;

import org.eclipse.jetty.logging.JettyLogger;
import org.eclipse.jetty.logging.StdErrAppender;
import org.slf4j.LoggerFactory;

import java.io.PrintStream;
import java.util.logging.LogManager;

/**
 * The one log pipeline: every logger (Jetway's, Jetty's, Weld's through jboss-logging, and
 * java.util.logging's through {@link JulToSlf4j}) ends in Jetty's appender, whose stream redacts
 * credentials from each record ({@link SecretRedactor}) at every level.
 */
public final class LogPipeline {

    private LogPipeline() {
    }

    /**
     * For the command line, before the first logger is created: the levels (read once by
     * jetty-slf4j-impl), Weld and java.util.logging routed into the pipeline, and redaction.
     */
    public static void configureProcess(String level) {
        System.setProperty("io.jetway.LEVEL", level);
        // Jetty's own DEBUG output is a firehose of internals: it stays at INFO unless asked for
        // with -Dorg.eclipse.jetty.LEVEL (still redacted).
        if (System.getProperty("org.eclipse.jetty.LEVEL") == null) {
            System.setProperty("org.eclipse.jetty.LEVEL", level.equals("TRACE") || level.equals("DEBUG") ? "INFO" : level);
        }
        System.setProperty("org.jboss.weld.LEVEL", "WARN");
        System.setProperty("org.jboss.logging.provider", "slf4j");
        // Traefik's kinds are v1alpha1: fabric8 would warn once per kind that the version is unstable.
        System.setProperty("io.fabric8.kubernetes.client.dsl.internal.VersionUsageUtils.LEVEL", "ERROR");
        LogManager.getLogManager().reset();
        java.util.logging.Logger root = java.util.logging.Logger.getLogger("");
        root.setLevel(JulToSlf4j.julLevel(level));
        root.addHandler(new JulToSlf4j());
        installRedaction();
    }

    /**
     * Makes Jetty's appender write through {@link RedactingPrintStream}; harmless to repeat, and
     * a no-op when slf4j is bound to another implementation (that container's logging is its own).
     */
    public static void installRedaction() {
        try {
            redactJettyAppender();
        } catch (LinkageError otherLogging) {
            // slf4j without jetty-slf4j-impl: nothing of ours to wrap.
        }
    }

    private static void redactJettyAppender() {
        if (LoggerFactory.getLogger(LogPipeline.class) instanceof JettyLogger logger
                && logger.getAppender() instanceof StdErrAppender appender
                && !(appender.getStream() instanceof RedactingPrintStream)) {
            PrintStream configured = appender.getStream();
            appender.setStream(new RedactingPrintStream(configured == null ? () -> System.err : () -> configured));
        }
    }
}
