package io.jetway.middleware.auth;

import io.jetway.exchange.Exchange;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

/** What basicAuth and digestAuth share: the 401 answer as Traefik's auth library writes it, and passing the user on. */
public final class Unauthorized {

    private static final byte[] BODY = "401 Unauthorized\n".getBytes(StandardCharsets.US_ASCII);

    private Unauthorized() {
    }

    public static void send(HttpServletResponse response, String challenge) throws IOException {
        response.setStatus(401);
        response.setContentType("text/plain");
        response.setHeader("WWW-Authenticate", challenge);
        response.setContentLength(BODY.length);
        response.getOutputStream().write(BODY);
    }

    /** A realm inside a quoted-string. */
    public static String quote(String text) {
        return text.replace("\\", "\\\\").replace("\"", "\\\"");
    }

    /**
     * What basicAuth and digestAuth do for an authenticated request: the user noted for the access log,
     * {@code headerField} set to the user name (whatever the client sent in it), and the
     * Authorization header removed on request.
     */
    public static void passUser(HttpServletRequest request, String user, String headerField, boolean removeHeader) {
        Exchange.of(request).authenticated(user);
        if (!headerField.isEmpty()) {
            Exchange.of(request).edits().setRequestHeader(headerField, user);
        }
        if (removeHeader) {
            Exchange.of(request).edits().removeRequestHeader("Authorization");
        }
    }
}
