package io.jetway.middleware.auth;

import io.jetway.exchange.Exchange;
import io.jetway.middleware.HttpMiddleware;
import io.jetway.middleware.MiddlewareContext;
import io.jetway.model.Node;
import io.jetway.util.HtpasswdLine;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;

/**
 * {@code basicAuth}: lets through requests whose Basic credentials match a user, optionally
 * naming the user in a request header and dropping the Authorization header; others get 401 with
 * a Basic challenge. The translator turns a {@code secret} into {@code users} lines.
 */
public final class BasicAuthMiddleware extends HttpMiddleware {

    static final String DEFAULT_REALM = "traefik";

    private final BasicUsers users;
    private final String challenge;
    private final boolean removeHeader;
    private final String headerField;

    private BasicAuthMiddleware(BasicUsers users, String realm, boolean removeHeader, String headerField) {
        this.users = users;
        this.challenge = "Basic realm=\"" + Unauthorized.quote(realm) + "\"";
        this.removeHeader = removeHeader;
        this.headerField = headerField;
    }

    public static Filter create(Node options, MiddlewareContext context) {
        BasicUsers users = BasicUsers.parse(userLines(options, HtpasswdLine::parse));
        if (users.isEmpty()) {
            throw new Node.InvalidFieldException(options.get("secret").path(), "is required: no users are configured"
                    + options.get("secret").lookalikeHint());
        }
        return new BasicAuthMiddleware(users, realm(options), options.get("removeHeader").bool(false),
                options.get("headerField").string(""));
    }

    /**
     * The {@code users} lines (inline, or from the Secret the translator read), each checked by
     * {@code parseLine}; a bad line is an error naming its field. Shared with digestAuth.
     */
    static List<String> userLines(Node options, java.util.function.Consumer<String> parseLine) {
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

    static String realm(Node options) {
        String realm = options.get("realm").string("");
        return realm.isEmpty() ? DEFAULT_REALM : realm;
    }

    @Override
    protected void filter(HttpServletRequest request, HttpServletResponse response, FilterChain next)
            throws IOException, ServletException {
        String user = authenticate(request);
        if (user == null) {
            Unauthorized.send(response, challenge);
            return;
        }
        Unauthorized.passUser(request, user, headerField, removeHeader);
        next.doFilter(request, response);
    }

    /** The user whose credentials the request carries, or null. */
    private String authenticate(HttpServletRequest request) {
        List<String> values = Exchange.of(request).requestHeader("Authorization");
        String header = values.isEmpty() ? null : values.get(0);
        if (header == null || !header.regionMatches(true, 0, "Basic ", 0, 6)) {
            return null;
        }
        byte[] decoded;
        try {
            decoded = Base64.getDecoder().decode(header.substring(6).strip());
        } catch (IllegalArgumentException e) {
            return null;
        }
        int colon = indexOf(decoded, (byte) ':');
        if (colon < 0) {
            return null;
        }
        String user = new String(decoded, 0, colon, StandardCharsets.UTF_8);
        byte[] password = Arrays.copyOfRange(decoded, colon + 1, decoded.length);
        return users.check(user, password) ? user : null;
    }

    private static int indexOf(byte[] bytes, byte b) {
        for (int i = 0; i < bytes.length; i++) {
            if (bytes[i] == b) {
                return i;
            }
        }
        return -1;
    }
}
