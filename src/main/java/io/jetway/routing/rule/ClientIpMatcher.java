package io.jetway.routing.rule;

import io.jetway.net.IpRange;

/** `ClientIP(ip-or-cidr)`: the connection's peer address only, never X-Forwarded-For. */
record ClientIpMatcher(IpRange range) implements Matcher {

    @Override
    public boolean matches(RequestView request) {
        return range.contains(request.remoteAddress());
    }
}
