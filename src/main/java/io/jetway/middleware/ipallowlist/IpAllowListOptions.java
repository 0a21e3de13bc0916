package io.jetway.middleware.ipallowlist;

import io.jetway.kube.Node;
import io.jetway.middleware.IpStrategy;
import io.jetway.middleware.LocalResponses;
import io.jetway.net.CidrSet;

import java.util.ArrayList;
import java.util.List;

/**
 * {@code ipAllowList}'s (and {@code ipWhiteList}'s) options.
 *
 * @param sourceRange      the addresses served (at least one IP or CIDR)
 * @param ipStrategy       which address a request comes from (the peer's by default)
 * @param rejectStatusCode the answer to others (403 by default)
 */
public record IpAllowListOptions(CidrSet sourceRange, IpStrategy ipStrategy, int rejectStatusCode) {

    /** @throws Node.InvalidFieldException naming a bad or missing sourceRange, a bad ipStrategy or an unknown status */
    public static IpAllowListOptions from(Node options) {
        Node sourceRange = options.get("sourceRange");
        List<String> ranges = new ArrayList<>();
        for (Node entry : sourceRange.list()) {
            ranges.add(IpStrategy.parseRange(entry).toString());
        }
        if (ranges.isEmpty()) {
            throw new Node.InvalidFieldException(sourceRange.path(), "is required (at least one IP or CIDR)"
                    + sourceRange.lookalikeHint());
        }
        Node rejectNode = options.get("rejectStatusCode");
        int rejectStatus = rejectNode.integer(0);
        if (rejectStatus == 0) {
            rejectStatus = 403;
        } else if (LocalResponses.statusText(rejectStatus).isEmpty()) {
            throw new Node.InvalidFieldException(rejectNode.path(), "invalid HTTP status code " + rejectStatus);
        }
        return new IpAllowListOptions(CidrSet.parse(ranges), IpStrategy.parse(options.get("ipStrategy")), rejectStatus);
    }
}
