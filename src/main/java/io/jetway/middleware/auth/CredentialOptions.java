package io.jetway.middleware.auth;

import io.jetway.kube.Node;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/** The options basicAuth and digestAuth read alike: the users' lines and the realm. */
public final class CredentialOptions {

    /** Traefik's realm when none is set. */
    public static final String DEFAULT_REALM = "traefik";

    private CredentialOptions() {
    }

    /**
     * The {@code users} lines (inline, or from the Secret the translator read), each checked by
     * {@code parseLine}; a bad line is an error naming its field.
     */
    public static List<String> userLines(Node options, Consumer<String> parseLine) {
        List<String> lines = new ArrayList<>();
        for (Node user : options.get("users").list()) {
            String line = user.requiredString();
            try {
                parseLine.accept(line);
            } catch (IllegalArgumentException e) {
                throw new Node.InvalidFieldException(user.path(), e.getMessage());
            }
            lines.add(line);
        }
        return lines;
    }

    /** Refuses a middleware without users, naming {@code secret} (where the translator finds them). */
    public static void requireUsers(Node options, boolean noUsers) {
        if (noUsers) {
            throw new Node.InvalidFieldException(options.get("secret").path(), "is required: no users are configured"
                    + options.get("secret").lookalikeHint());
        }
    }

    public static String realm(Node options) {
        String realm = options.get("realm").string("");
        return realm.isEmpty() ? DEFAULT_REALM : realm;
    }
}
