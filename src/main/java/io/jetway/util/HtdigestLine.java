package io.jetway.util;

import java.util.List;
import java.util.regex.Pattern;

/**
 * One htdigest line, {@code name:realm:HA1}, where HA1 is the hex MD5 of
 * {@code name:realm:password}; read by the translator (a Secret's lines) and digestAuth alike.
 */
public record HtdigestLine(String name, String realm, String ha1) {

    private static final Pattern HA1 = Pattern.compile("[0-9a-fA-F]{32}");

    /** @throws IllegalArgumentException when the line is not {@code name:realm:HA1} */
    public static HtdigestLine parse(String line) {
        String[] parts = line.strip().split(":", -1);
        if (parts.length != 3 || parts[0].isEmpty()) {
            throw new IllegalArgumentException("expected name:realm:hash");
        }
        if (!HA1.matcher(parts[2]).matches()) {
            throw new IllegalArgumentException("the hash must be 32 hex digits (MD5 of name:realm:password)");
        }
        return new HtdigestLine(parts[0], parts[1], parts[2]);
    }

    /** @throws IllegalArgumentException naming the line (1-based) that is not {@code name:realm:HA1} */
    public static List<HtdigestLine> parseAll(List<String> lines) {
        return NumberedLines.parseEach(lines, HtdigestLine::parse);
    }
}
