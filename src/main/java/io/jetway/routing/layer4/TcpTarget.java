package io.jetway.routing.layer4;

import io.jetway.dynamic.TcpServersTransport;

import java.time.Duration;

/**
 * Where one TCP connection goes, and how to reach it.
 *
 * @param service              the load balancer that picked the server
 * @param host                 resolved when the connection is made (an ExternalName may be a DNS name)
 * @param tls                  connect with TLS, configured by the transport's {@code tls}
 * @param proxyProtocolVersion 1 or 2 to write a PROXY header before anything else; 0 for none
 * @param terminationDelay     after one side closes, how long the other may still send; negative: not forced
 */
public record TcpTarget(String service, String host, int port, boolean tls, TcpServersTransport transport,
                        int proxyProtocolVersion, Duration terminationDelay) {

    public String address() {
        return host.indexOf(':') >= 0 ? "[" + host + "]:" + port : host + ":" + port;
    }
}
