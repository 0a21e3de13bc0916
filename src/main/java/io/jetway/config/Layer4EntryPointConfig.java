package io.jetway.config;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * An entry point's layer-4 settings.
 *
 * @param udp               the address ends in {@code /udp}: the entry point takes UDP datagrams only
 * @param udpTimeout        {@code udp.timeout}: a UDP session with no traffic for this long ends (Traefik: 3s)
 * @param asDefault         routers that name no entry point attach to the entry points with asDefault
 * @param proxyProtocol     {@code proxyProtocol}: which peers may start a connection with a PROXY
 *                          protocol header (v1 or v2); null when the entry point does not read one
 * @param serverFirstAfter  {@code tcp.serverFirstAfter}: when a client has sent nothing for this long,
 *                          the connection goes to the non-TLS {@code HostSNI(`*`)} router (for
 *                          server-speaks-first protocols on an entry point that also has TLS or HTTPS
 *                          routers); zero waits for the client as Traefik does
 */
public record Layer4EntryPointConfig(boolean udp, Duration udpTimeout, boolean asDefault,
                                     ProxyProtocolConfig proxyProtocol, Duration serverFirstAfter) {

    public static final Duration DEFAULT_UDP_TIMEOUT = Duration.ofSeconds(3);
    public static final Layer4EntryPointConfig DEFAULTS =
            new Layer4EntryPointConfig(false, DEFAULT_UDP_TIMEOUT, false, null, Duration.ZERO);

    public Layer4EntryPointConfig {
        Objects.requireNonNull(udpTimeout, "udpTimeout");
        Objects.requireNonNull(serverFirstAfter, "serverFirstAfter");
    }

    /**
     * @param trustedIPs CIDRs or IPs whose PROXY header is believed
     * @param insecure   believe every peer's header
     */
    public record ProxyProtocolConfig(List<String> trustedIPs, boolean insecure) {
        public ProxyProtocolConfig {
            trustedIPs = List.copyOf(trustedIPs);
        }
    }
}
