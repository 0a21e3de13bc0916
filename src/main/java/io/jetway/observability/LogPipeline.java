package io.jetway.observability;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.logging.LogManager;

/**
 * The one log pipeline: every logger (Jetway's, Jetty's, fabric8's, acme4j's, Weld's through
 * jboss-logging, and java.util.logging's through {@link JulToSlf4j}) ends in Logback, whose one
 * appender ({@link TraefikLogAppender}) writes Traefik's formats and redacts credentials from each
 * line ({@link SecretRedactor}) at every level. {@code --log.level} governs all of them.
 */
public final class LogPipeline {

    /**
     * What the {@code log.*} flags say.
     *
     * @param level   one of Traefik's levels (FATAL and PANIC log as ERROR)
     * @param format  {@code common} or {@code json}
     * @param file    the file to append to; null: the standard error
     * @param noColor no colours even on a terminal
     */
    public record Settings(String level, String format, Path file, boolean noColor) {
        /** Without flags: INFO in the common format on the standard error (the WAR, the tests). */
        public static final Settings DEFAULTS = new Settings("INFO", "common", null, false);
    }

    private static volatile TraefikLogAppender current;

    private LogPipeline() {
    }

    /**
     * For the command line: the levels and format, Weld and java.util.logging routed into the
     * pipeline. Logback itself starts with {@link DefaultLogConfigurator}'s defaults until then.
     */
    public static void configureProcess(Settings settings) {
        System.setProperty("org.jboss.logging.provider", "slf4j");
        configure(settings);
        LogManager.getLogManager().reset();
        java.util.logging.Logger root = java.util.logging.Logger.getLogger("");
        root.setLevel(JulToSlf4j.julLevel(slf4jLevel(settings.level())));
        root.addHandler(new JulToSlf4j());
    }

    /** Sets the levels and the appender of the process's Logback (any earlier appender goes). */
    public static void configure(Settings settings) {
        if (LoggerFactory.getILoggerFactory() instanceof LoggerContext context) {
            configure(context, settings);
        }
    }

    static void configure(LoggerContext context, Settings settings) {
        Level level = Level.toLevel(slf4jLevel(settings.level()), Level.INFO);
        Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        root.detachAndStopAllAppenders();
        root.setLevel(level);
        // Jetty's own DEBUG output is a firehose of internals: it stays at INFO unless asked for
        // with -Dorg.eclipse.jetty.LEVEL (still redacted).
        String jetty = System.getProperty("org.eclipse.jetty.LEVEL");
        context.getLogger("org.eclipse.jetty").setLevel(jetty != null ? Level.toLevel(jetty, Level.INFO)
                : moreVerboseThan(level, Level.INFO) ? Level.INFO : level);
        // Weld reports its bootstrap at INFO (six records and an alarming-looking WELD-ENV-001001).
        context.getLogger("org.jboss.weld").setLevel(moreVerboseThan(level, Level.WARN) ? Level.WARN : level);
        // Traefik's kinds are v1alpha1: fabric8 would warn once per kind that the version is unstable.
        context.getLogger("io.fabric8.kubernetes.client.dsl.internal.VersionUsageUtils").setLevel(Level.ERROR);

        boolean color = !settings.noColor() && settings.file() == null && System.console() != null;
        boolean stacks = level.toInt() <= Level.DEBUG_INT;
        LogLine.Format format = "json".equalsIgnoreCase(settings.format()) ? LogLine.Format.JSON : LogLine.Format.COMMON;
        TraefikLogAppender appender = new TraefikLogAppender(format, color, stacks, settings.file());
        appender.setContext(context);
        appender.start();
        root.addAppender(appender);
        current = appender;
    }

    /** Opens the log file again (SIGUSR1 after a rotation); nothing to do on the standard error. */
    public static void reopen() throws IOException {
        TraefikLogAppender appender = current;
        if (appender != null) {
            appender.reopen();
        }
    }

    private static boolean moreVerboseThan(Level level, Level than) {
        return level.toInt() < than.toInt();
    }

    /** Traefik's level names in slf4j's: FATAL and PANIC are ERROR. */
    static String slf4jLevel(String traefikLevel) {
        return switch (traefikLevel.toUpperCase(Locale.ROOT)) {
            case "TRACE" -> "TRACE";
            case "DEBUG" -> "DEBUG";
            case "INFO" -> "INFO";
            case "WARN" -> "WARN";
            default -> "ERROR";
        };
    }
}
