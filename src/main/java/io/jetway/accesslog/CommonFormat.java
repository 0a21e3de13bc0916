package io.jetway.accesslog;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Map;

/**
 * Traefik's default format: the Common Log Format followed by the referer, the user agent, the
 * request count, the router, the server URL and the duration in milliseconds. A dropped or absent
 * field is written as {@code -}; quoted values have quotes, backslashes and control characters escaped
 * so that one request is always one line.
 */
final class CommonFormat {

    private final ZoneId zone;

    CommonFormat(ZoneId zone) {
        this.zone = zone;
    }

    String format(Map<String, Object> fields) {
        StringBuilder line = new StringBuilder(256);
        plain(line, fields.get(AccessLogFields.CLIENT_HOST)).append(" - ");
        plain(line, fields.get(AccessLogFields.CLIENT_USERNAME)).append(" [");
        if (fields.get(AccessLogFields.START_LOCAL) instanceof Instant local) {
            line.append(GoTime.common(local, zone));
        } else if (fields.get(AccessLogFields.START_UTC) instanceof Instant utc) {
            line.append(GoTime.common(utc, ZoneOffset.UTC));
        } else {
            line.append('-');
        }
        line.append("] \"");
        plain(line, fields.get(AccessLogFields.REQUEST_METHOD)).append(' ');
        plain(line, fields.get(AccessLogFields.REQUEST_PATH)).append(' ');
        plain(line, fields.get(AccessLogFields.REQUEST_PROTOCOL)).append("\" ");
        plain(line, fields.get(AccessLogFields.DOWNSTREAM_STATUS)).append(' ');
        plain(line, fields.get(AccessLogFields.DOWNSTREAM_CONTENT_SIZE)).append(' ');
        quoted(line, fields.get(HeaderModes.REQUEST_PREFIX + "Referer")).append(' ');
        quoted(line, fields.get(HeaderModes.REQUEST_PREFIX + "User-Agent")).append(' ');
        plain(line, fields.get(AccessLogFields.REQUEST_COUNT)).append(' ');
        quoted(line, fields.get(AccessLogFields.ROUTER_NAME)).append(' ');
        quoted(line, fields.get(AccessLogFields.SERVICE_URL)).append(' ');
        // As Traefik: without the Duration field the elapsed time reads 0ms.
        long nanos = fields.get(AccessLogFields.DURATION) instanceof Long d ? d : 0L;
        return line.append(nanos / 1_000_000).append("ms").toString();
    }

    private static StringBuilder plain(StringBuilder line, Object value) {
        String text = value == null ? "" : value.toString();
        if (text.isEmpty()) {
            return line.append('-');
        }
        return escape(line, text);
    }

    private static StringBuilder quoted(StringBuilder line, Object value) {
        String text = value == null ? "" : value.toString();
        if (text.isEmpty()) {
            return line.append("\"-\"");
        }
        line.append('"');
        return escape(line, text).append('"');
    }

    private static StringBuilder escape(StringBuilder line, String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '"' || c == '\\') {
                line.append('\\').append(c);
            } else if (c < 0x20 || c == 0x7f) {
                line.append(String.format("\\x%02x", (int) c));
            } else {
                line.append(c);
            }
        }
        return line;
    }
}
