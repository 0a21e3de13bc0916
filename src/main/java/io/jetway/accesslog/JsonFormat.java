package io.jetway.accesslog;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.TreeMap;

/**
 * One JSON object per line, as Traefik's JSON access log: the fields under their names, sorted,
 * with logrus' {@code level}, {@code msg} and {@code time}; times as RFC 3339 strings, durations
 * as nanoseconds.
 */
final class JsonFormat {

    private final ZoneId zone;

    JsonFormat(ZoneId zone) {
        this.zone = zone;
    }

    String format(Map<String, Object> fields, Instant now) {
        Map<String, Object> all = new TreeMap<>(fields);
        all.put("level", "info");
        all.put("msg", "");
        all.put("time", GoTime.rfc3339(now, zone));
        StringBuilder json = new StringBuilder(512).append('{');
        boolean first = true;
        for (Map.Entry<String, Object> field : all.entrySet()) {
            if (!first) {
                json.append(',');
            }
            first = false;
            string(json, field.getKey()).append(':');
            Object value = field.getValue();
            if (value instanceof Number number) {
                json.append(number.longValue());
            } else if (value instanceof Instant instant) {
                string(json, GoTime.rfc3339Nano(instant,
                        field.getKey().equals(AccessLogFields.START_UTC) ? ZoneOffset.UTC : zone));
            } else {
                string(json, String.valueOf(value));
            }
        }
        return json.append('}').toString();
    }

    private static StringBuilder string(StringBuilder json, String text) {
        return io.jetway.util.JsonStrings.appendEscaped(json.append('"'), text).append('"');
    }
}
