package io.jetway.whoami;

import java.math.BigDecimal;
import java.time.Duration;

/** Go's duration syntax ({@code 500ms}, {@code 1.5s}, {@code 1m30s}), as traefik/whoami's {@code ?wait=} takes it. */
final class GoDuration {

    private GoDuration() {
    }

    /** @throws IllegalArgumentException when the text is not a Go duration */
    static Duration parse(String text) {
        if (text.equals("0")) {
            return Duration.ZERO;
        }
        if (text.isEmpty()) {
            throw invalid(text);
        }
        Duration total = Duration.ZERO;
        int i = 0;
        while (i < text.length()) {
            int numberStart = i;
            while (i < text.length() && (Character.isDigit(text.charAt(i)) || text.charAt(i) == '.')) {
                i++;
            }
            int unitStart = i;
            while (i < text.length() && !Character.isDigit(text.charAt(i)) && text.charAt(i) != '.') {
                i++;
            }
            if (numberStart == unitStart || unitStart == i) {
                throw invalid(text);
            }
            BigDecimal amount;
            try {
                amount = new BigDecimal(text.substring(numberStart, unitStart));
            } catch (NumberFormatException notANumber) {
                throw invalid(text);
            }
            long nanosPerUnit = switch (text.substring(unitStart, i)) {
                case "ns" -> 1L;
                case "us", "µs" -> 1_000L;
                case "ms" -> 1_000_000L;
                case "s" -> 1_000_000_000L;
                case "m" -> 60_000_000_000L;
                case "h" -> 3_600_000_000_000L;
                default -> throw invalid(text);
            };
            total = total.plusNanos(amount.multiply(BigDecimal.valueOf(nanosPerUnit)).longValue());
        }
        return total;
    }

    private static IllegalArgumentException invalid(String text) {
        return new IllegalArgumentException("invalid duration \"" + text + "\"");
    }
}
