package io.jetway.accesslog;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/** Times as Go writes them in Traefik's access log. */
final class GoTime {

    /** Go's layout {@code 02/Jan/2006:15:04:05 -0700}. */
    private static final DateTimeFormatter COMMON = DateTimeFormatter.ofPattern("dd/MMM/yyyy:HH:mm:ss Z", Locale.ENGLISH);
    private static final DateTimeFormatter SECONDS = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss", Locale.ROOT);

    private GoTime() {
    }

    static String common(Instant instant, ZoneId zone) {
        return COMMON.format(instant.atZone(zone));
    }

    /** RFC 3339 with nanoseconds, trailing zeros trimmed, {@code Z} for UTC (Go's RFC3339Nano). */
    static String rfc3339Nano(Instant instant, ZoneId zone) {
        ZonedDateTime time = instant.atZone(zone);
        StringBuilder out = new StringBuilder(SECONDS.format(time));
        int nanos = time.getNano();
        if (nanos != 0) {
            String digits = String.format(Locale.ROOT, "%09d", nanos);
            int end = digits.length();
            while (digits.charAt(end - 1) == '0') {
                end--;
            }
            out.append('.').append(digits, 0, end);
        }
        return out.append(offset(time)).toString();
    }

    /** RFC 3339 to the second (Go's RFC3339, logrus' default time format). */
    static String rfc3339(Instant instant, ZoneId zone) {
        ZonedDateTime time = instant.atZone(zone);
        return SECONDS.format(time) + offset(time);
    }

    private static String offset(ZonedDateTime time) {
        int seconds = time.getOffset().getTotalSeconds();
        if (seconds == 0) {
            return "Z";
        }
        int minutes = Math.abs(seconds) / 60;
        return String.format(Locale.ROOT, "%s%02d:%02d", seconds < 0 ? "-" : "+", minutes / 60, minutes % 60);
    }
}
