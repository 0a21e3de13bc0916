package io.jetway.routing.tcp;

import io.jetway.net.CidrSet;
import io.jetway.net.IpRange;
import io.jetway.routing.rule.ArgumentProblem;

import java.util.List;

/** `ClientIP(ip-or-cidr, ...)`: the connection's client address (v3 takes one value, v2 several). */
record ClientIpMatcher(CidrSet ranges) implements TcpMatcher {

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
        return new ClientIpMatcher(CidrSet.parse(written));
    }

    @Override
    public boolean matches(TcpConnectionInfo connection) {
        return ranges.contains(connection.clientIp());
    }
}
