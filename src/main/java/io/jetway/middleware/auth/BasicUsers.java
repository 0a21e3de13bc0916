package io.jetway.middleware.auth;

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
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty()) {
                continue;
            }
            try {
                Map.Entry<String, PasswordHash> user = parseLine(line);
                users.putIfAbsent(user.getKey(), user.getValue());
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("line " + (i + 1) + ": " + e.getMessage());
            }
        }
        return new BasicUsers(Collections.unmodifiableMap(users));
    }

    /** @throws IllegalArgumentException when the line is not {@code name:hash} with a supported hash */
    public static Map.Entry<String, PasswordHash> parseLine(String line) {
        String[] parts = line.strip().split(":", -1);
        if (parts.length != 2 || parts[0].isEmpty() || parts[1].isEmpty()) {
            throw new IllegalArgumentException("expected name:hash");
        }
        return Map.entry(parts[0], PasswordHash.parse(parts[1]));
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
