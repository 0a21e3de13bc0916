package io.jetway.server;

import io.jetway.net.CidrSet;

/** A running entry point: its name and whom it trusts for X-Forwarded-* headers. */
public record EntryPoint(String name, CidrSet trustedIPs, boolean insecureForwardedHeaders) {

    public boolean trusts(String remoteAddress) {
        return insecureForwardedHeaders || trustedIPs.contains(remoteAddress);
    }
}
