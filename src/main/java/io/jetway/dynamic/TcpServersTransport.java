package io.jetway.dynamic;

import io.jetway.kube.ObjectRef;

import java.time.Duration;
import java.util.List;

/**
 * How TCP services reach their servers (Traefik's ServersTransportTCP).
 *
 * @param dialKeepAlive        negative turns TCP keep-alive off
 * @param terminationDelay     after one side closes, how long the other may still send; negative: never forced
 * @param proxyProtocolVersion 1 or 2 to send a PROXY protocol header first; 0 for none
 * @param tls                  TLS to servers marked {@code tls}; null when not configured
 */
public record TcpServersTransport(String name, Duration dialTimeout, Duration dialKeepAlive, Duration terminationDelay,
                                  int proxyProtocolVersion, Tls tls, ObjectRef source) {

    public static final Duration DEFAULT_DIAL_TIMEOUT = Duration.ofSeconds(30);
    public static final Duration DEFAULT_DIAL_KEEP_ALIVE = Duration.ofSeconds(15);
    public static final Duration DEFAULT_TERMINATION_DELAY = Duration.ofMillis(100);

    /**
     * {@code default@internal}. Traefik builds it without a terminationDelay, so after one side's
     * FIN it cuts the other side at once (its read deadline becomes "now"), and a backend's answer
     * to a half-closed request is lost. Jetway gives it the 100 ms Traefik documents as the
     * default, as a ServersTransportTCP has.
     */
    public static final TcpServersTransport DEFAULT = new TcpServersTransport("default@internal",
            DEFAULT_DIAL_TIMEOUT, DEFAULT_DIAL_KEEP_ALIVE, DEFAULT_TERMINATION_DELAY, 0, null, null);

    /**
     * @param rootCAs      PEM certificates trusted in addition to the JVM's trust store
     * @param certificates client certificates (mTLS)
     * @param peerCertURI  when set, the server certificate must carry this URI SAN
     */
    public record Tls(String serverName, boolean insecureSkipVerify, List<String> rootCAs,
                      List<ServersTransport.Certificate> certificates, String peerCertURI) {
        public Tls {
            rootCAs = List.copyOf(rootCAs);
            certificates = List.copyOf(certificates);
        }
    }
}
