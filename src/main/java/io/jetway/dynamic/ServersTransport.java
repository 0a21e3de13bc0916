package io.jetway.dynamic;

import io.jetway.kube.ObjectRef;

import java.time.Duration;
import java.util.List;

/**
 * How to reach the servers of the load balancers that name it (Traefik's ServersTransport):
 * TLS verification and client certificates, HTTP/2, and forwarding timeouts. Certificates are
 * carried as PEM text, already checked by the translator.
 *
 * @param serverName         SNI and the name the server certificate must match; empty means the server's host
 * @param rootCAs            PEM certificates trusted in addition to the JVM's trust store
 * @param certificates       client certificates offered to servers that ask for one (mTLS)
 * @param maxIdleConnsPerHost idle connections kept per server of an HTTP/1.1 backend (0: 2, negative: none)
 * @param peerCertURI        when set, the server certificate must carry this URI SAN (instead of a host name)
 */
public record ServersTransport(String name, String serverName, boolean insecureSkipVerify, List<String> rootCAs,
                               List<Certificate> certificates, int maxIdleConnsPerHost, boolean disableHTTP2,
                               String peerCertURI, ForwardingTimeouts forwardingTimeouts, ObjectRef source) {

    public static final int DEFAULT_MAX_IDLE_CONNS_PER_HOST = 200;

    public ServersTransport {
        rootCAs = List.copyOf(rootCAs);
        certificates = List.copyOf(certificates);
    }

    /** A certificate chain and its private key, both PEM. The key is never printed. */
    public record Certificate(String certificatePem, String privateKeyPem) {
        @Override
        public String toString() {
            return "Certificate[certificatePem=" + certificatePem.length() + " chars, privateKeyPem=(hidden)]";
        }
    }

    /** A zero responseHeaderTimeout means no limit. */
    public record ForwardingTimeouts(Duration dialTimeout, Duration responseHeaderTimeout, Duration idleConnTimeout) {
        public static final ForwardingTimeouts DEFAULTS =
                new ForwardingTimeouts(Duration.ofSeconds(30), Duration.ZERO, Duration.ofSeconds(90));
    }
}
