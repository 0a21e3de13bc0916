package io.jetway.http;

import java.util.ArrayList;
import java.util.Enumeration;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Hop-by-hop headers: they describe one connection, so a proxy does not pass them to the next
 * hop. The list is the one Go's ReverseProxy (Traefik's proxy) and Jetty's proxy share: RFC 9110
 * section 7.6.1's names, the Proxy-Authenticate/-Authorization pair and Trailer. A Connection
 * header can name more for its own message. Names here are lower case.
 */
public final class HopByHopHeaders {

    public static final Set<String> NAMES = Set.of("connection", "keep-alive", "proxy-authenticate",
            "proxy-authorization", "proxy-connection", "te", "trailer", "transfer-encoding", "upgrade");

    private HopByHopHeaders() {
    }

    /** Whether the header is on the list; the name must be lower case already. */
    public static boolean is(String lowerCaseName) {
        return NAMES.contains(lowerCaseName);
    }

    /** The header names a message's Connection values list, trimmed and lower case; empty when none. */
    public static Set<String> connectionNamed(Enumeration<String> connectionValues) {
        if (connectionValues == null || !connectionValues.hasMoreElements()) {
            return Set.of();
        }
        List<String> names = new ArrayList<>();
        while (connectionValues.hasMoreElements()) {
            for (String token : connectionValues.nextElement().split(",")) {
                String name = token.trim().toLowerCase(Locale.ROOT);
                if (!name.isEmpty()) {
                    names.add(name);
                }
            }
        }
        return Set.copyOf(names);
    }

    /**
     * The list as one caller applies it: {@code added} names are not passed on either,
     * {@code passedOn} names are.
     */
    public static Set<String> adjusted(Set<String> added, Set<String> passedOn) {
        Set<String> names = new HashSet<>(NAMES);
        names.addAll(added);
        names.removeAll(passedOn);
        return Set.copyOf(names);
    }
}
