package io.jetway.middleware.auth;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * digestAuth's users: htdigest lines {@code name:realm:HA1}, where HA1 is the hex MD5 of
 * {@code name:realm:password}. A user is known only in the realm its line names.
 */
public final class DigestUsers {

    private static final Pattern HA1 = Pattern.compile("[0-9a-fA-F]{32}");

    /** {@code name:realm} to HA1 (lower-case hex). */
    private final Map<String, String> byNameAndRealm;

    private DigestUsers(Map<String, String> byNameAndRealm) {
        this.byNameAndRealm = byNameAndRealm;
    }

    /** @throws IllegalArgumentException naming the line (1-based) that is not {@code name:realm:HA1} */
    public static DigestUsers parse(List<String> lines) {
        Map<String, String> users = new LinkedHashMap<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty()) {
                continue;
            }
            try {
                String[] parts = parseLine(line);
                users.putIfAbsent(parts[0] + ":" + parts[1], parts[2].toLowerCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("line " + (i + 1) + ": " + e.getMessage());
            }
        }
        return new DigestUsers(Collections.unmodifiableMap(users));
    }

    /** @return name, realm and HA1 */
    public static String[] parseLine(String line) {
        String[] parts = line.strip().split(":", -1);
        if (parts.length != 3 || parts[0].isEmpty()) {
            throw new IllegalArgumentException("expected name:realm:hash");
        }
        if (!HA1.matcher(parts[2]).matches()) {
            throw new IllegalArgumentException("the hash must be 32 hex digits (MD5 of name:realm:password)");
        }
        return parts;
    }

    public boolean isEmpty() {
        return byNameAndRealm.isEmpty();
    }

    /** The user's HA1 in the realm, or null. */
    String ha1(String user, String realm) {
        return byNameAndRealm.get(user + ":" + realm);
    }
}
