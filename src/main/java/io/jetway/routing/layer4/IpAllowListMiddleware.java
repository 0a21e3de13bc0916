package io.jetway.routing.layer4;

import io.jetway.net.CidrSet;

import java.net.InetAddress;

/** ipAllowList (and its old name ipWhiteList): a client outside the ranges is closed without a byte. */
final class IpAllowListMiddleware implements TcpMiddleware {

    private final String name;
    private final CidrSet allowed;

    IpAllowListMiddleware(String name, CidrSet allowed) {
        this.name = name;
        this.allowed = allowed;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public Admission admit(InetAddress client) {
        return allowed.contains(client) ? Admission.NOTHING : null;
    }

    @Override
    public String whyRefused(InetAddress client) {
        if (allowed.contains(client)) {
            return null;
        }
        return "ipAllowList " + name + " closes it: client " + (client == null ? "(unknown)" : client.getHostAddress())
                + " is not in " + allowed;
    }
}
