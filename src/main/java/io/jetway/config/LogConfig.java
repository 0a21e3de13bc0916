package io.jetway.config;

import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * Logging options.
 *
 * @param level one of {@link #LEVELS}, uppercase
 */
public record LogConfig(String level) {

    /** Traefik's levels; FATAL and PANIC map to ERROR in Java logging but are accepted as written. */
    public static final List<String> LEVELS = List.of("TRACE", "DEBUG", "INFO", "WARN", "ERROR", "FATAL", "PANIC");

    public static final LogConfig DEFAULTS = new LogConfig("INFO");

    public LogConfig {
        Objects.requireNonNull(level, "level");
        level = level.toUpperCase(Locale.ROOT);
        if (!LEVELS.contains(level)) {
            throw new IllegalArgumentException("invalid level \"" + level + "\"");
        }
    }
}
