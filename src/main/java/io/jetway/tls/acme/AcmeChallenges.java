package io.jetway.tls.acme;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

/**
 * The answers to challenges in progress, shared by the resolvers and the servers that present
 * them: HTTP-01 key authorizations by token (served before routing on the resolvers' HTTP
 * challenge entry points) and TLS-ALPN-01 certificates by domain (presented in the handshake when
 * the client offers ALPN {@code acme-tls/1}, see {@link TlsAlpnChallengeKeyManager}).
 */
public final class AcmeChallenges {

    public static final String HTTP_PATH_PREFIX = "/.well-known/acme-challenge/";

    /** A self-signed TLS-ALPN-01 certificate (with the acmeIdentifier extension) and its key. */
    public record TlsAlpnCertificate(X509Certificate certificate, KeyPair keys) {
    }

    private final Set<String> httpEntryPoints;
    private final Map<String, String> keyAuthorizations = new ConcurrentHashMap<>();
    private final Map<String, TlsAlpnCertificate> tlsAlpn = new ConcurrentHashMap<>();
    private final List<Function<String, String>> sharedSources = new CopyOnWriteArrayList<>();

    /** @param httpEntryPoints the entry points that answer HTTP-01 challenges */
    public AcmeChallenges(Set<String> httpEntryPoints) {
        this.httpEntryPoints = Set.copyOf(httpEntryPoints);
    }

    /** The key authorization for an HTTP-01 token in progress (here or, shared, on another replica), or null. */
    public String keyAuthorization(String token) {
        String own = keyAuthorizations.get(token);
        if (own != null) {
            return own;
        }
        for (Function<String, String> source : sharedSources) {
            String shared = source.apply(token);
            if (shared != null) {
                return shared;
            }
        }
        return null;
    }

    /** Adds where other replicas' HTTP-01 answers are found (token to key authorization, null when unknown). */
    public void addSharedSource(Function<String, String> source) {
        sharedSources.add(source);
    }

    /** The TLS-ALPN-01 certificate to present for this SNI name, or null when no challenge is in progress. */
    public TlsAlpnCertificate tlsAlpnCertificate(String domain) {
        return domain == null ? null : tlsAlpn.get(domain.toLowerCase(Locale.ROOT));
    }

    /**
     * Answers {@code GET /.well-known/acme-challenge/<token>} on an HTTP challenge entry point, as
     * Traefik does: 200 with the key authorization, 404 for a token not in progress. Returns false
     * (nothing written) for other requests and entry points, which are routed as usual.
     */
    public boolean answer(String entryPoint, HttpServletRequest request, HttpServletResponse response) throws IOException {
        String uri = request.getRequestURI();
        if (uri == null || !uri.startsWith(HTTP_PATH_PREFIX) || !httpEntryPoints.contains(entryPoint)) {
            return false;
        }
        String token = uri.substring(HTTP_PATH_PREFIX.length());
        String keyAuthorization = token.isEmpty() ? null : keyAuthorization(token);
        byte[] body = (keyAuthorization == null ? "404 page not found\n" : keyAuthorization).getBytes(StandardCharsets.UTF_8);
        response.setStatus(keyAuthorization == null ? 404 : 200);
        response.setContentType("text/plain; charset=utf-8");
        response.setContentLength(body.length);
        response.getOutputStream().write(body);
        return true;
    }

    void putHttp(String token, String keyAuthorization) {
        keyAuthorizations.put(token, keyAuthorization);
    }

    void removeHttp(String token) {
        keyAuthorizations.remove(token);
    }

    void putTlsAlpn(String domain, TlsAlpnCertificate certificate) {
        tlsAlpn.put(domain.toLowerCase(Locale.ROOT), certificate);
    }

    void removeTlsAlpn(String domain) {
        tlsAlpn.remove(domain.toLowerCase(Locale.ROOT));
    }
}
