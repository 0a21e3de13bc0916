package io.jetway.config;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * Logging options, Traefik's {@code log.*}.
 *
 * @param level    one of {@link #LEVELS}, uppercase; ERROR by default, as Traefik
 * @param format   {@code common} or {@code json}
 * @param filePath the file the log is appended to (reopened on SIGUSR1); null: the standard error
 * @param noColor  no colours in the common format, even on a terminal
 */
public record LogConfig(String level, String format, Path filePath, boolean noColor) {

    /** Traefik's levels; FATAL and PANIC map to ERROR in Java logging but are accepted as written. */
    public static final List<String> LEVELS = List.of("TRACE", "DEBUG", "INFO", "WARN", "ERROR", "FATAL", "PANIC");

    public static final List<String> FORMATS = List.of("common", "json");

    public static final LogConfig DEFAULTS = new LogConfig("ERROR", "common", null, false);

    public LogConfig {
        Objects.requireNonNull(level, "level");
        level = level.toUpperCase(Locale.ROOT);
        if (!LEVELS.contains(level)) {
            throw new IllegalArgumentException("invalid level \"" + level + "\"");
        }
        Objects.requireNonNull(format, "format");
        format = format.toLowerCase(Locale.ROOT);
        if (!FORMATS.contains(format)) {
            throw new IllegalArgumentException("invalid format \"" + format + "\"");
        }
    }

    public LogConfig(String level) {
        this(level, DEFAULTS.format(), null, false);
    }
}
