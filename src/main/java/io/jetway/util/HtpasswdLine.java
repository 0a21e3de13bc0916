package io.jetway.util;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One htpasswd line, {@code name:hash}, whose hash is in a format basicAuth checks: apr1 or
 * MD5-crypt ({@code $apr1$}, {@code $1$}), {@code {SHA}}, or bcrypt ({@code $2a$ $2b$ $2y$}).
 * Reading a line needs no crypto, so the translator checks a Secret's lines with it while the
 * middleware, which checks passwords against the hash, keeps the crypto.
 */
public record HtpasswdLine(String name, String hash, HashFormat format) {

    public enum HashFormat { MD5_CRYPT, SHA, BCRYPT }

    private static final Pattern MD5_CRYPT = Pattern.compile("\\$(apr1|1)\\$[./0-9A-Za-z]{1,8}\\$[./0-9A-Za-z]{22}");
    private static final Pattern BCRYPT = Pattern.compile("\\$2[aby]\\$(\\d\\d)\\$[./0-9A-Za-z]{53}");
    private static final Pattern SHA = Pattern.compile("\\{SHA}[0-9A-Za-z+/]{27}=");

    /** @throws IllegalArgumentException when the line is not {@code name:hash} with a supported hash */
    public static HtpasswdLine parse(String line) {
        String[] parts = line.strip().split(":", -1);
        if (parts.length != 2 || parts[0].isEmpty() || parts[1].isEmpty()) {
            throw new IllegalArgumentException("expected name:hash");
        }
        return new HtpasswdLine(parts[0], parts[1], formatOf(parts[1]));
    }

    /** @throws IllegalArgumentException naming the line (1-based) that is not {@code name:hash} */
    public static List<HtpasswdLine> parseAll(List<String> lines) {
        return NumberedLines.parseEach(lines, HtpasswdLine::parse);
    }

    /** @throws IllegalArgumentException for a hash of another kind (plain text included) */
    public static HashFormat formatOf(String hash) {
        if (MD5_CRYPT.matcher(hash).matches()) {
            return HashFormat.MD5_CRYPT;
        }
        if (BCRYPT.matcher(hash).matches()) {
            bcryptCost(hash);
            return HashFormat.BCRYPT;
        }
        if (SHA.matcher(hash).matches()) {
            return HashFormat.SHA;
        }
        throw new IllegalArgumentException("unsupported password hash (expected $apr1$, $1$, {SHA} or bcrypt $2a$/$2b$/$2y$)");
    }

    /** The cost of a bcrypt hash ({@code $2b$10$...}), 4 to 31 as bcrypt allows. */
    public static int bcryptCost(String hash) {
        Matcher bcrypt = BCRYPT.matcher(hash);
        if (!bcrypt.matches()) {
            throw new IllegalArgumentException("not a bcrypt hash");
        }
        int cost = Integer.parseInt(bcrypt.group(1));
        if (cost < 4 || cost > 31) {
            throw new IllegalArgumentException("bcrypt cost must be between 4 and 31, got " + cost);
        }
        return cost;
    }
}
