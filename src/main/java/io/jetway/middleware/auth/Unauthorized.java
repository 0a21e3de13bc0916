package io.jetway.middleware.auth;

import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

/** The 401 answer of basicAuth and digestAuth, as Traefik's auth library writes it. */
final class Unauthorized {

    private static final byte[] BODY = "401 Unauthorized\n".getBytes(StandardCharsets.US_ASCII);

    private Unauthorized() {
    }

    static void send(HttpServletResponse response, String challenge) throws IOException {
        response.setStatus(401);
        response.setContentType("text/plain");
        response.setHeader("WWW-Authenticate", challenge);
        response.setContentLength(BODY.length);
        response.getOutputStream().write(BODY);
    }

    /** A realm inside a quoted-string. */
    static String quote(String text) {
        return text.replace("\\", "\\\\").replace("\"", "\\\"");
    }
}
