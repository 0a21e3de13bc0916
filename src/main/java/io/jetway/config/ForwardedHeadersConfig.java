package io.jetway.config;

import java.util.List;

/**
 * Which peers are trusted to send X-Forwarded-* headers on an entry point.
 *
 * @param trustedIPs CIDRs or plain IPs as the user wrote them, already validated
 *                   (compile them with {@link io.jetway.net.CidrSet#parse(List)})
 * @param insecure   trust every peer
 */
public record ForwardedHeadersConfig(List<String> trustedIPs, boolean insecure) {

    public static final ForwardedHeadersConfig NONE = new ForwardedHeadersConfig(List.of(), false);

    public ForwardedHeadersConfig {
        trustedIPs = List.copyOf(trustedIPs);
    }
}
