package io.jetway.util;

import java.math.BigDecimal;
import java.time.Duration;

/** Durations as Go and Traefik write them: {@code 500ms}, {@code 1.5s}, {@code 1m30s}, {@code -1s}. */
public final class GoDuration {

    private GoDuration() {
    }

    /**
     * Traefik's configuration durations also take a bare integer as seconds ({@code dialTimeout: 30}).
     *
     * @throws IllegalArgumentException when the text is neither
     */
    public static Duration parseConfig(String text) {
        String s = text.trim();
        String digits = s.startsWith("-") ? s.substring(1) : s;
        if (!digits.isEmpty() && digits.chars().allMatch(Character::isDigit)) {
            return Duration.ofSeconds(Long.parseLong(s)); // also -1, Traefik's "flush after every write"
        }
        return parse(s);
    }

    /** Go's time.ParseDuration syntax. @throws IllegalArgumentException when the text is not one */
    public static Duration parse(String text) {
        boolean negative = text.startsWith("-");
        String body = negative || text.startsWith("+") ? text.substring(1) : text;
        if (body.equals("0")) {
            return Duration.ZERO;
        }
        if (body.isEmpty()) {
            throw invalid(text);
        }
        Duration total = Duration.ZERO;
        int i = 0;
        while (i < body.length()) {
            int numberStart = i;
            while (i < body.length() && (Character.isDigit(body.charAt(i)) || body.charAt(i) == '.')) {
                i++;
            }
            int unitStart = i;
            while (i < body.length() && !Character.isDigit(body.charAt(i)) && body.charAt(i) != '.') {
                i++;
            }
            if (numberStart == unitStart || unitStart == i) {
                throw invalid(text);
            }
            BigDecimal amount;
            try {
                amount = new BigDecimal(body.substring(numberStart, unitStart));
            } catch (NumberFormatException notANumber) {
                throw invalid(text);
            }
            long nanosPerUnit = switch (body.substring(unitStart, i)) {
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
        return negative ? total.negated() : total;
    }

    private static IllegalArgumentException invalid(String text) {
        return new IllegalArgumentException("invalid duration \"" + text + "\"");
    }
}
