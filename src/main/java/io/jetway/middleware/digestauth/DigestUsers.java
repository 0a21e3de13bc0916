package io.jetway.middleware.digestauth;

import io.jetway.util.HtdigestLine;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * digestAuth's users: htdigest lines ({@link HtdigestLine}), the first line of a name and realm
 * winning. A user is known only in the realm its line names.
 */
public final class DigestUsers {

    /** {@code name:realm} to HA1 (lower-case hex). */
    private final Map<String, String> byNameAndRealm;

    private DigestUsers(Map<String, String> byNameAndRealm) {
        this.byNameAndRealm = byNameAndRealm;
    }

    /** @throws IllegalArgumentException naming the line (1-based) that is not {@code name:realm:HA1} */
    public static DigestUsers parse(List<String> lines) {
        Map<String, String> users = new LinkedHashMap<>();
        for (HtdigestLine line : HtdigestLine.parseAll(lines)) {
            users.putIfAbsent(line.name() + ":" + line.realm(), line.ha1().toLowerCase(Locale.ROOT));
        }
        return new DigestUsers(Collections.unmodifiableMap(users));
    }

    public boolean isEmpty() {
        return byNameAndRealm.isEmpty();
    }

    /** The user's HA1 in the realm, or null. */
    String ha1(String user, String realm) {
        return byNameAndRealm.get(user + ":" + realm);
    }
}
