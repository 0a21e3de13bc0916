package io.jetway.routing.tcp;

import io.jetway.net.CidrSet;
import io.jetway.net.IpRange;
import io.jetway.routing.rule.ArgumentProblem;

import java.net.InetAddress;
import java.util.List;

/** `ClientIP(ip-or-cidr, ...)`: the connection's client address (v3 takes one value, v2 several). */
record ClientIpMatcher(CidrSet ranges, List<String> written) implements TcpMatcher {

    ClientIpMatcher {
        written = List.copyOf(written);
    }

    static ClientIpMatcher of(List<String> written) {
        for (String text : written) {
            // IpRange trims; Go's net.ParseIP and ParseCIDR do not, so neither do we.
            boolean valid = text.equals(text.strip());
            if (valid) {
                try {
                    IpRange.parse(text);
                } catch (IllegalArgumentException e) {
                    valid = false;
                }
            }
            if (!valid) {
                throw new ArgumentProblem("invalid IP or CIDR \"" + text + "\"");
            }
        }
        return new ClientIpMatcher(CidrSet.parse(written), written);
    }

    @Override
    public String whyNot(TcpConnectionInfo connection) {
        if (matches(connection)) {
            return null;
        }
        InetAddress client = connection.clientIp();
        return describe() + " did not match " + (client == null ? "an unknown client address" : "client " + client.getHostAddress());
    }

    @Override
    public String describe() {
        return TcpMatcher.call("ClientIP", written);
    }

    @Override
    public boolean matches(TcpConnectionInfo connection) {
        return ranges.contains(connection.clientIp());
    }
}
