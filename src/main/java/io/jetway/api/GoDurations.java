package io.jetway.api;

import java.math.BigDecimal;
import java.time.Duration;

/** Durations written as Go prints them ({@code 100ms}, {@code 1m30s}), as Traefik's API shows them. */
final class GoDurations {

    private GoDurations() {
    }

    static String format(Duration d) {
        if (d == null) {
            return null;
        }
        long nanos = d.toNanos();
        if (nanos == 0) {
            return "0s";
        }
        String sign = nanos < 0 ? "-" : "";
        long abs = Math.abs(nanos);
        if (abs < 1_000) {
            return sign + abs + "ns";
        }
        if (abs < 1_000_000) {
            return sign + decimal(abs, 1_000) + "µs";
        }
        if (abs < 1_000_000_000) {
            return sign + decimal(abs, 1_000_000) + "ms";
        }
        long hours = abs / 3_600_000_000_000L;
        long minutes = abs / 60_000_000_000L % 60;
        long secondNanos = abs % 60_000_000_000L;
        StringBuilder text = new StringBuilder(sign);
        if (hours > 0) {
            text.append(hours).append('h');
        }
        if (hours > 0 || minutes > 0) {
            text.append(minutes).append('m');
        }
        return text.append(decimal(secondNanos, 1_000_000_000)).append('s').toString();
    }

    private static String decimal(long value, long unit) {
        return BigDecimal.valueOf(value).divide(BigDecimal.valueOf(unit)).stripTrailingZeros().toPlainString();
    }
}
