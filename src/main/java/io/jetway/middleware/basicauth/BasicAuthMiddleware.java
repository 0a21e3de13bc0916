package io.jetway.middleware.basicauth;

import io.jetway.exchange.Exchange;
import io.jetway.kube.Node;
import io.jetway.middleware.HttpMiddleware;
import io.jetway.middleware.MiddlewareContext;
import io.jetway.middleware.auth.Unauthorized;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;

/**
 * {@code basicAuth}: lets through requests whose Basic credentials match a user, optionally
 * naming the user in a request header and dropping the Authorization header; others get 401 with
 * a Basic challenge. The translator turns a {@code secret} into {@code users} lines.
 */
public final class BasicAuthMiddleware extends HttpMiddleware {

    private final BasicUsers users;
    private final String challenge;
    private final boolean removeHeader;
    private final String headerField;

    BasicAuthMiddleware(BasicAuthOptions options) {
        this.users = options.users();
        this.challenge = "Basic realm=\"" + Unauthorized.quote(options.realm()) + "\"";
        this.removeHeader = options.removeHeader();
        this.headerField = options.headerField();
    }

    public static Filter create(Node options, MiddlewareContext context) {
        return new BasicAuthMiddleware(BasicAuthOptions.from(options));
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
