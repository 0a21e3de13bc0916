package io.jetway.middleware.digestauth;

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
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * {@code digestAuth}: HTTP Digest authentication (RFC 7616 with MD5 and qop=auth, as Traefik
 * offers it). Nonces are issued with each challenge and remembered with their counts, so that a
 * replayed request is refused; they survive reloads of an unchanged middleware.
 */
public final class DigestAuthMiddleware extends HttpMiddleware {

    private static final String NO_USER_HA1 = "00000000000000000000000000000000";

    private final DigestUsers users;
    private final String realm;
    private final boolean removeHeader;
    private final String headerField;
    private final DigestNonces nonces;

    DigestAuthMiddleware(DigestAuthOptions options, DigestNonces nonces) {
        this.users = options.users();
        this.realm = options.realm();
        this.removeHeader = options.removeHeader();
        this.headerField = options.headerField();
        this.nonces = nonces;
    }

    public static Filter create(Node options, MiddlewareContext context) {
        return new DigestAuthMiddleware(DigestAuthOptions.from(options), context.state("nonces", DigestNonces::new));
    }

    @Override
    protected void filter(HttpServletRequest request, HttpServletResponse response, FilterChain next)
            throws IOException, ServletException {
        List<String> values = Exchange.of(request).requestHeader("Authorization");
        Map<String, String> params = values.isEmpty() ? null : parse(values.get(0));
        Outcome outcome = params == null ? Outcome.DENIED : check(request, params);
        if (outcome != Outcome.ACCEPTED) {
            challenge(response, outcome == Outcome.STALE);
            return;
        }
        String user = params.get("username");
        Unauthorized.passUser(request, user, headerField, removeHeader);
        next.doFilter(request, response);
    }

    private enum Outcome { ACCEPTED, DENIED, STALE }

    private Outcome check(HttpServletRequest request, Map<String, String> auth) {
        String algorithm = auth.getOrDefault("algorithm", "MD5"); // some clients leave it out
        String uri = auth.get("uri");
        String username = auth.get("username");
        if (!nonces.opaque.equals(auth.get("opaque")) || !algorithm.equalsIgnoreCase("MD5")
                || !"auth".equals(auth.get("qop")) || uri == null || username == null || !sameTarget(request, uri)) {
            return Outcome.DENIED;
        }
        String ha1 = users.ha1(username, realm);
        String expected = md5(String.join(":", ha1 == null ? NO_USER_HA1 : ha1, auth.getOrDefault("nonce", ""),
                auth.getOrDefault("nc", ""), auth.getOrDefault("cnonce", ""), "auth", md5(request.getMethod() + ":" + uri)));
        String given = auth.getOrDefault("response", "");
        boolean matches = MessageDigest.isEqual(expected.getBytes(StandardCharsets.US_ASCII), given.getBytes(StandardCharsets.UTF_8));
        if (!matches || ha1 == null) {
            return Outcome.DENIED;
        }
        long count;
        try {
            count = Long.parseUnsignedLong(auth.getOrDefault("nc", ""), 16);
        } catch (NumberFormatException e) {
            return Outcome.DENIED;
        }
        return switch (nonces.use(auth.get("nonce"), count)) {
            case ACCEPTED -> Outcome.ACCEPTED;
            case REPLAYED -> Outcome.DENIED;
            case UNKNOWN -> Outcome.STALE;
        };
    }

    /**
     * The digest's uri must be the request target; like Traefik's library, a uri whose path is a
     * prefix of the request's path is also accepted.
     */
    private static boolean sameTarget(HttpServletRequest request, String uri) {
        String target = request.getQueryString() == null ? request.getRequestURI() : request.getRequestURI() + "?" + request.getQueryString();
        if (target.equals(uri)) {
            return true;
        }
        try {
            String path = new URI(uri).getRawPath();
            return path != null && request.getRequestURI().startsWith(path);
        } catch (URISyntaxException e) {
            return false;
        }
    }

    private void challenge(HttpServletResponse response, boolean stale) throws IOException {
        String challenge = "Digest realm=\"" + Unauthorized.quote(realm) + "\", nonce=\"" + nonces.issue()
                + "\", opaque=\"" + nonces.opaque + "\", algorithm=MD5, qop=\"auth\"" + (stale ? ", stale=true" : "");
        Unauthorized.send(response, challenge);
    }

    static String md5(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The parameters of a {@code Digest} Authorization header (quoted or token values), or null. */
    static Map<String, String> parse(String header) {
        if (!header.regionMatches(true, 0, "Digest ", 0, 7)) {
            return null;
        }
        Map<String, String> params = new HashMap<>();
        int i = 7;
        int n = header.length();
        while (i < n) {
            while (i < n && (header.charAt(i) == ' ' || header.charAt(i) == ',' || header.charAt(i) == '\t')) {
                i++;
            }
            int eq = header.indexOf('=', i);
            if (eq < 0) {
                break;
            }
            String key = header.substring(i, eq).strip().toLowerCase(java.util.Locale.ROOT);
            i = eq + 1;
            StringBuilder value = new StringBuilder();
            if (i < n && header.charAt(i) == '"') {
                i++;
                while (i < n && header.charAt(i) != '"') {
                    char c = header.charAt(i++);
                    if (c == '\\' && i < n) {
                        c = header.charAt(i++);
                    }
                    value.append(c);
                }
                i++; // closing quote
            } else {
                while (i < n && header.charAt(i) != ',') {
                    value.append(header.charAt(i++));
                }
            }
            params.put(key, value.toString().strip());
        }
        return params;
    }
}
