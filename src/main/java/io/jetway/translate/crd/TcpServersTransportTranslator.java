package io.jetway.translate.crd;

import io.jetway.dynamic.TcpServersTransport;
import io.jetway.kube.KubeObject;
import io.jetway.kube.Node;
import io.jetway.kube.Problem;
import io.jetway.util.GoDuration;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * ServersTransportTCP to a TCP servers transport named {@code normalize(ns-name)}, with Traefik's
 * defaults (dialTimeout 30s, dialKeepAlive 15s, terminationDelay 100ms) and the CA and client
 * certificate Secrets read and checked as for an HTTP ServersTransport.
 */
final class TcpServersTransportTranslator {

    private final ServersTransportTranslator secrets;

    TcpServersTransportTranslator(ServersTransportTranslator secrets) {
        this.secrets = secrets;
    }

    /** @param invalid receives the name when the transport cannot be used */
    void translate(KubeObject o, Map<String, TcpServersTransport> out, Set<String> invalid, List<Problem> problems) {
        String name = CrdNames.qualify(CrdNames.objectKey(o.namespace(), o.name()));
        try {
            out.put(name, transport(name, o));
        } catch (TranslationException | Node.InvalidFieldException e) {
            invalid.add(name);
            problems.add(new Problem(o.ref(), name, e.getMessage()));
        }
    }

    private TcpServersTransport transport(String name, KubeObject o) {
        Node spec = o.spec();
        Duration dialTimeout = duration(spec.get("dialTimeout"), TcpServersTransport.DEFAULT_DIAL_TIMEOUT);
        if (dialTimeout.isNegative()) {
            throw new TranslationException("spec.dialTimeout: must not be negative");
        }
        return new TcpServersTransport(name, dialTimeout,
                duration(spec.get("dialKeepAlive"), TcpServersTransport.DEFAULT_DIAL_KEEP_ALIVE),
                duration(spec.get("terminationDelay"), TcpServersTransport.DEFAULT_TERMINATION_DELAY),
                proxyProtocolVersion(spec.get("proxyProtocol")), tls(spec.get("tls"), o.namespace()), o.ref());
    }

    /** Int or string: a bare integer is seconds ({@code 30}), else Go's syntax ({@code 500ms}). */
    private static Duration duration(Node field, Duration fallback) {
        if (field.isMissing()) {
            return fallback;
        }
        try {
            return GoDuration.parseConfig(field.string(""));
        } catch (IllegalArgumentException e) {
            throw new TranslationException(field.path() + ": " + e.getMessage());
        }
    }

    /**
     * Unlike an IngressRouteTCP service's, an empty {@code proxyProtocol} here is not given version 2:
     * Traefik keeps version 0 and then refuses every connection at dial time, so Jetway says so here.
     */
    private static int proxyProtocolVersion(Node field) {
        if (field.isMissing()) {
            return 0;
        }
        Node version = field.get("version");
        int v = version.integer(0);
        if (v != 1 && v != 2) {
            throw new TranslationException(version.path() + ": must be 1 or 2, got " + (version.isMissing()
                    ? "none (an empty proxyProtocol is version 0 on a ServersTransportTCP, which Traefik refuses when dialing)"
                    : String.valueOf(v)));
        }
        return v;
    }

    private TcpServersTransport.Tls tls(Node tls, String namespace) {
        if (tls.isMissing()) {
            return null;
        }
        if (!tls.get("spiffe").isMissing()) {
            throw new TranslationException(tls.get("spiffe").path() + ": SPIFFE is not supported");
        }
        if (!tls.get("peerCertSANs").list().isEmpty()) {
            // A check left out would accept any certificate the CAs signed: refuse rather than ignore.
            throw new TranslationException(tls.get("peerCertSANs").path() + ": is not supported yet; use peerCertURI");
        }
        return new TcpServersTransport.Tls(tls.get("serverName").string(""), tls.get("insecureSkipVerify").bool(false),
                secrets.rootCAs(tls, namespace), secrets.clientCertificates(tls.get("certificatesSecrets"), namespace),
                tls.get("peerCertURI").string(""));
    }
}
