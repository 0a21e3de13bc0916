package io.jetway.middleware;

import io.jetway.kube.Node;
import io.jetway.net.CidrSet;
import io.jetway.net.IpRange;
import jakarta.servlet.http.HttpServletRequest;

import java.util.ArrayList;
import java.util.List;

/**
 * Traefik's {@code ipStrategy}: which address a request comes from. {@code depth > 0}: the
 * X-Forwarded-For entry {@code depth} from the right (none when the list is shorter); else with
 * {@code excludedIPs}: the rightmost X-Forwarded-For entry not excluded; else the peer's address.
 * X-Forwarded-For counts only from peers the entry point trusts (Traefik drops it otherwise).
 * Shared by ipAllowList and rateLimit's sourceCriterion.
 */
public abstract sealed class IpStrategy {

    /**
     * @param ipStrategy the {@code ipStrategy} node (may be missing: the peer's address)
     * @throws Node.InvalidFieldException naming a bad excludedIPs entry or a negative depth
     */
    public static IpStrategy parse(Node ipStrategy) {
        Node depthNode = ipStrategy.get("depth");
        int depth = depthNode.integer(0);
        if (depth < 0) {
            throw new Node.InvalidFieldException(depthNode.path(), "must not be negative, got " + depth);
        }
        if (depth > 0) {
            return new Depth(depth);
        }
        List<String> excluded = new ArrayList<>();
        for (Node entry : ipStrategy.get("excludedIPs").list()) {
            excluded.add(parseRange(entry).toString());
        }
        return excluded.isEmpty() ? new RemoteAddress() : new Excluding(CidrSet.parse(excluded));
    }

    /** An IP or CIDR; the error names the entry. */
    public static IpRange parseRange(Node entry) {
        String text = entry.string("");
        try {
            return IpRange.parse(text);
        } catch (IllegalArgumentException e) {
            throw new Node.InvalidFieldException(entry.path(), e.getMessage());
        }
    }

    /** The request's address as this strategy sees it, without a port; "" when there is none. */
    public abstract String clientIp(HttpServletRequest request);

    static String[] forwardedFor(HttpServletRequest request) {
        String header = IncomingHeaders.get(request, "X-Forwarded-For");
        return (header == null ? "" : header).split(",", -1);
    }

    /** Strips a port (and IPv6 brackets) as Go's net.SplitHostPort does; other text stays as it is. */
    public static String withoutPort(String address) {
        if (address.startsWith("[")) {
            int close = address.indexOf(']');
            if (close > 0 && (close == address.length() - 1 || address.charAt(close + 1) == ':')) {
                return address.substring(1, close);
            }
            return address;
        }
        int colon = address.indexOf(':');
        if (colon > 0 && colon == address.lastIndexOf(':')) {
            return address.substring(0, colon);
        }
        return address;
    }

    static final class Depth extends IpStrategy {
        private final int depth;

        Depth(int depth) {
            this.depth = depth;
        }

        @Override
        public String clientIp(HttpServletRequest request) {
            String[] entries = forwardedFor(request);
            return entries.length < depth ? "" : entries[entries.length - depth].trim();
        }
    }

    static final class Excluding extends IpStrategy {
        private final CidrSet excluded;

        Excluding(CidrSet excluded) {
            this.excluded = excluded;
        }

        @Override
        public String clientIp(HttpServletRequest request) {
            String[] entries = forwardedFor(request);
            for (int i = entries.length - 1; i >= 0; i--) {
                String entry = entries[i].trim();
                if (!entry.isEmpty() && !excluded.contains(withoutPort(entry))) {
                    return entry;
                }
            }
            return "";
        }
    }

    static final class RemoteAddress extends IpStrategy {
        @Override
        public String clientIp(HttpServletRequest request) {
            return request.getRemoteAddr();
        }
    }
}
