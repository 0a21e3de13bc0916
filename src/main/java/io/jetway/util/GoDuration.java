package io.jetway.util;

import java.time.Duration;

/**
 * Durations as Traefik writes them: Go's syntax ({@code 100ms}, {@code 1m30s}, {@code -1s}) or a
 * bare number of seconds.
 */
public final class GoDuration {

    private GoDuration() {
    }

    public static Duration parse(String text) {
        String s = text.trim();
        if (s.isEmpty()) {
            throw new IllegalArgumentException("empty duration");
        }
        if (s.chars().allMatch(c -> Character.isDigit(c) || c == '-')) {
            return Duration.ofSeconds(Long.parseLong(s));
        }
        boolean negative = s.startsWith("-");
        int i = negative || s.startsWith("+") ? 1 : 0;
        if (s.substring(i).equals("0")) {
            return Duration.ZERO;
        }
        long nanos = 0;
        while (i < s.length()) {
            int start = i;
            while (i < s.length() && (Character.isDigit(s.charAt(i)) || s.charAt(i) == '.')) {
                i++;
            }
            if (start == i) {
                throw new IllegalArgumentException("invalid duration \"" + text + "\"");
            }
            double number = Double.parseDouble(s.substring(start, i));
            int unitStart = i;
            while (i < s.length() && Character.isLetter(s.charAt(i)) || i < s.length() && s.charAt(i) == 'µ') {
                i++;
            }
            long unit = switch (s.substring(unitStart, i)) {
                case "ns" -> 1L;
                case "us", "µs" -> 1_000L;
                case "ms" -> 1_000_000L;
                case "s" -> 1_000_000_000L;
                case "m" -> 60_000_000_000L;
                case "h" -> 3_600_000_000_000L;
                default -> throw new IllegalArgumentException("invalid duration \"" + text + "\": unknown unit");
            };
            nanos += Math.round(number * unit);
        }
        return Duration.ofNanos(negative ? -nanos : nanos);
    }
}
