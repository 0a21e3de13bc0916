package io.jetway.observability;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.StackTraceElementProxy;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * One log record as one line, in Traefik's formats:
 * <ul>
 *   <li>{@code common}: {@code 2026-12-08T01:36:10Z INF event=reload provider=file routers=1}, the time in
 *       RFC 3339 (UTC), Traefik's three-letter level, then the record's {@code key=value} pairs. Every
 *       value that needs it is quoted and escaped, so the line parses as logfmt; a library's free text
 *       becomes {@code msg="..."} with {@code logger=} after it.</li>
 *   <li>{@code json}: {@code {"level":"info","time":"...","message":"..."}} with the record's pairs as
 *       fields ({@code message} is the record's {@code msg}, else its {@code event}).</li>
 * </ul>
 * A failure adds {@code error} (its class and message); its stack trace ({@code stack}) only at DEBUG
 * and TRACE. Credentials are redacted from the whole line ({@link SecretRedactor}).
 */
final class LogLine {

    enum Format { COMMON, JSON }

    private static final DateTimeFormatter RFC_3339 = DateTimeFormatter.ISO_OFFSET_DATE_TIME.withZone(ZoneOffset.UTC);
    private static final String RESET = "\u001b[0m";

    private LogLine() {
    }

    static String format(ILoggingEvent event, Format format, boolean color, boolean stacks) {
        Map<String, String> fields = fields(event);
        IThrowableProxy failure = event.getThrowableProxy();
        if (failure != null) {
            fields.put("error", failure.getClassName() + (failure.getMessage() == null ? "" : ": " + failure.getMessage()));
            if (stacks) {
                fields.put("stack", stack(failure));
            }
        }
        // Redacted before escaping: the redactor knows header lines and buffer dumps as written.
        fields.replaceAll((key, value) -> value == null ? null : SecretRedactor.redact(value));
        String time = RFC_3339.format(Instant.ofEpochMilli(event.getTimeStamp()).truncatedTo(ChronoUnit.SECONDS));
        String line = format == Format.JSON ? json(event.getLevel(), time, fields) : common(event.getLevel(), time, fields, color);
        return SecretRedactor.redact(line);
    }

    /**
     * The record's pairs: Jetway's own records are {@code event=... key=value ...} templates, whose
     * arguments are escaped here as they are put in; any other record is free text.
     */
    static Map<String, String> fields(ILoggingEvent event) {
        String template = event.getMessage() == null ? "" : event.getMessage();
        Object[] arguments = event.getArgumentArray();
        Map<String, String> fields = new LinkedHashMap<>();
        if (template.startsWith("event=")) {
            LogfmtTemplate.parse(template, arguments, fields);
        } else {
            fields.put("msg", event.getFormattedMessage());
            fields.put("logger", event.getLoggerName());
        }
        return fields;
    }

    private static String common(Level level, String time, Map<String, String> fields, boolean color) {
        StringBuilder line = new StringBuilder(128).append(time).append(' ');
        String abbreviation = abbreviation(level);
        if (color) {
            line.append(colorOf(level)).append(abbreviation).append(RESET);
        } else {
            line.append(abbreviation);
        }
        fields.forEach((key, value) -> line.append(' ').append(key).append('=').append(logfmtValue(value)));
        return line.toString();
    }

    private static String json(Level level, String time, Map<String, String> fields) {
        StringBuilder line = new StringBuilder(160).append('{');
        appendJson(line, "level", level.toString().toLowerCase(Locale.ROOT)).append(',');
        appendJson(line, "time", time).append(',');
        String message = fields.containsKey("msg") ? fields.get("msg") : fields.getOrDefault("event", "");
        appendJson(line, "message", message);
        fields.forEach((key, value) -> {
            if (!key.equals("msg") && !key.equals("level") && !key.equals("time") && !key.equals("message")) {
                appendJson(line.append(','), key, value);
            }
        });
        return line.append('}').toString();
    }

    /** Traefik's (zerolog's) three letters; FATAL and PANIC records are ERROR records in Java. */
    static String abbreviation(Level level) {
        return switch (level.toInt()) {
            case Level.TRACE_INT -> "TRC";
            case Level.DEBUG_INT -> "DBG";
            case Level.INFO_INT -> "INF";
            case Level.WARN_INT -> "WRN";
            default -> "ERR";
        };
    }

    private static String colorOf(Level level) {
        return switch (level.toInt()) {
            case Level.TRACE_INT -> "\u001b[35m";
            case Level.DEBUG_INT -> "\u001b[33m";
            case Level.INFO_INT -> "\u001b[32m";
            case Level.WARN_INT -> "\u001b[31m";
            default -> "\u001b[1m\u001b[31m";
        };
    }

    /** A logfmt value: bare when it is one plain token, else quoted with {@code "} and {@code \} escaped. */
    static String logfmtValue(String value) {
        if (value == null) {
            return "\"\"";
        }
        boolean plain = !value.isEmpty();
        for (int i = 0; i < value.length() && plain; i++) {
            char c = value.charAt(i);
            plain = c > ' ' && c != '"' && c != '=' && c != '\\' && c != 0x7f;
        }
        return plain ? value : quoted(value);
    }

    static String quoted(String value) {
        StringBuilder out = new StringBuilder(value.length() + 2).append('"');
        escapeInto(out, value);
        return out.append('"').toString();
    }

    private static StringBuilder appendJson(StringBuilder line, String key, String value) {
        line.append('"');
        escapeInto(line, key);
        line.append("\":\"");
        escapeInto(line, value == null ? "" : value);
        return line.append('"');
    }

    private static void escapeInto(StringBuilder out, String value) {
        io.jetway.util.JsonStrings.appendEscaped(out, value);
    }

    private static String stack(IThrowableProxy failure) {
        StringBuilder out = new StringBuilder();
        for (IThrowableProxy t = failure; t != null; t = t.getCause()) {
            if (t != failure) {
                out.append("caused by ");
            }
            out.append(t.getClassName()).append(": ").append(t.getMessage()).append('\n');
            StackTraceElementProxy[] frames = t.getStackTraceElementProxyArray();
            for (int i = 0; i < frames.length && i < 40; i++) {
                out.append("\tat ").append(frames[i].getStackTraceElement()).append('\n');
            }
        }
        return out.toString();
    }
}
