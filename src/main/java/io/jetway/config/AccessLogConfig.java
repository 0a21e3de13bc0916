package io.jetway.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Traefik's {@code accessLog} section.
 *
 * @param enabled       {@code --accesslog}, or any {@code --accesslog.*} option
 * @param format        common (Common Log Format with Traefik's additions) or json
 * @param filePath      where lines go; null for standard output
 * @param bufferingSize lines that may wait in memory before they are written (0: each line at once)
 * @param filters       which lines are kept
 * @param addInternals  whether requests served by the API, dashboard, ping and metrics are logged
 * @param fields        which fields and headers appear
 */
public record AccessLogConfig(boolean enabled, Format format, Path filePath, int bufferingSize, Filters filters,
                              boolean addInternals, Fields fields) {

    public static final AccessLogConfig DISABLED = new AccessLogConfig(false, Format.COMMON, null, 0, Filters.NONE,
            false, Fields.DEFAULTS);

    public enum Format {
        COMMON, JSON;

        static Format parse(String value) {
            return switch (value.trim().toLowerCase(Locale.ROOT)) {
                case "common" -> COMMON;
                case "json" -> JSON;
                default -> throw new IllegalArgumentException("invalid format \"" + value + "\" (expected common or json)");
            };
        }
    }

    /** What happens to a field or header: kept, dropped, or (headers only) written as {@code REDACTED}. */
    public enum Mode {
        KEEP, DROP, REDACT;

        static Mode parse(String value, boolean redactAllowed) {
            String mode = value.trim().toLowerCase(Locale.ROOT);
            return switch (mode) {
                case "keep" -> KEEP;
                case "drop" -> DROP;
                case "redact" -> {
                    if (!redactAllowed) {
                        throw new IllegalArgumentException("invalid mode \"" + value + "\" (expected keep or drop)");
                    }
                    yield REDACT;
                }
                default -> throw new IllegalArgumentException("invalid mode \"" + value + "\" (expected keep, drop"
                        + (redactAllowed ? " or redact)" : ")"));
            };
        }
    }

    /** A status code range, both ends included. */
    public record StatusRange(int from, int to) {
        public boolean contains(int status) {
            return status >= from && status <= to;
        }
    }

    /**
     * A line is kept when any filter that is set keeps it; with no filter set, every line is kept.
     *
     * @param statusCodes   keep lines whose status is in one of these ranges (empty: not set)
     * @param retryAttempts keep lines of requests that were retried
     * @param minDuration   keep lines of requests that took longer (zero: not set)
     */
    public record Filters(List<StatusRange> statusCodes, boolean retryAttempts, Duration minDuration) {
        public static final Filters NONE = new Filters(List.of(), false, Duration.ZERO);

        public Filters {
            statusCodes = List.copyOf(statusCodes);
        }

        public boolean any() {
            return !statusCodes.isEmpty() || retryAttempts || !minDuration.isZero();
        }
    }

    /**
     * Field and header modes; names match case-insensitively.
     *
     * @param defaultMode        for fields not named (keep or drop)
     * @param names              field name to mode
     * @param headersDefaultMode for headers not named
     * @param headerNames        header name to mode
     */
    public record Fields(Mode defaultMode, Map<String, Mode> names, Mode headersDefaultMode, Map<String, Mode> headerNames) {
        public static final Fields DEFAULTS = new Fields(Mode.KEEP, Map.of(), Mode.DROP, Map.of());

        public Fields {
            names = caseInsensitive(names);
            headerNames = caseInsensitive(headerNames);
        }

        private static Map<String, Mode> caseInsensitive(Map<String, Mode> modes) {
            TreeMap<String, Mode> copy = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
            copy.putAll(modes);
            return java.util.Collections.unmodifiableMap(copy);
        }

        public Mode field(String name) {
            return names.getOrDefault(name, defaultMode);
        }

        public Mode header(String name) {
            return headerNames.getOrDefault(name, headersDefaultMode);
        }

        /** Whether the user named the header (credentials are only written when named). */
        public boolean headerNamed(String name) {
            return headerNames.containsKey(name);
        }

        /** Whether any header may appear at all. */
        public boolean anyHeader() {
            return headersDefaultMode != Mode.DROP || headerNames.values().stream().anyMatch(m -> m != Mode.DROP);
        }
    }

    static List<StatusRange> parseStatusCodes(String value) {
        List<StatusRange> ranges = new java.util.ArrayList<>();
        for (String item : Values.parseList(value)) {
            int dash = item.indexOf('-');
            try {
                int from = Integer.parseInt(dash < 0 ? item : item.substring(0, dash).trim());
                int to = dash < 0 ? from : Integer.parseInt(item.substring(dash + 1).trim());
                if (from < 100 || to > 999 || from > to) {
                    throw new IllegalArgumentException("invalid status code range \"" + item + "\"");
                }
                ranges.add(new StatusRange(from, to));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("invalid status code range \"" + item + "\" (expected 200 or 500-599)");
            }
        }
        if (ranges.isEmpty()) {
            throw new IllegalArgumentException("no status codes in \"" + value + "\"");
        }
        return List.copyOf(ranges);
    }
}
