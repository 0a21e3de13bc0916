package io.jetway.middleware.basicauth;

import io.jetway.util.HtpasswdLine;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** basicAuth's users: htpasswd lines {@code name:hash}, the first line of a name winning. */
public final class BasicUsers {

    private final Map<String, PasswordHash> byName;
    /** Checked for unknown users, so that they take as long as the slowest known one. */
    private final PasswordHash decoy;

    private BasicUsers(Map<String, PasswordHash> byName) {
        this.byName = byName;
        PasswordHash dearest = null;
        for (PasswordHash hash : byName.values()) {
            if (dearest == null || hash.cost() > dearest.cost()) {
                dearest = hash;
            }
        }
        this.decoy = dearest;
    }

    /**
     * @param lines htpasswd lines; blank ones are skipped
     * @throws IllegalArgumentException naming the line (1-based) that is not {@code name:hash}
     */
    public static BasicUsers parse(List<String> lines) {
        Map<String, PasswordHash> users = new LinkedHashMap<>();
        for (HtpasswdLine line : HtpasswdLine.parseAll(lines)) {
            users.putIfAbsent(line.name(), PasswordHash.parse(line.hash()));
        }
        return new BasicUsers(Collections.unmodifiableMap(users));
    }

    public boolean isEmpty() {
        return byName.isEmpty();
    }

    public boolean check(String user, byte[] password) {
        PasswordHash hash = byName.get(user);
        if (hash == null) {
            if (decoy != null) {
                decoy.matches(password);
            }
            return false;
        }
        return hash.matches(password);
    }
}
