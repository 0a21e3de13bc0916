package io.jetway.middleware;

import io.jetway.model.Node;
import io.jetway.net.CidrSet;
import jakarta.servlet.http.HttpServletRequest;

import java.util.List;

/**
 * Traefik's sourceCriterion: what makes two requests come from the same source for rateLimit and
 * inFlightReq. One of an ipStrategy (the remote address, or an X-Forwarded-For element), a request
 * header's value, or the Host; the remote address when none is given.
 */
final class SourceCriterion {

    private enum Kind { IP, HEADER, HOST }

    private final Kind kind;
    private final int depth;
    private final CidrSet excludedIps;
    private final String headerName;

    private SourceCriterion(Kind kind, int depth, CidrSet excludedIps, String headerName) {
        this.kind = kind;
        this.depth = depth;
        this.excludedIps = excludedIps;
        this.headerName = headerName;
    }

    static final SourceCriterion REMOTE_ADDRESS = new SourceCriterion(Kind.IP, 0, CidrSet.empty(), null);

    /** @param node the {@code sourceCriterion} field, possibly missing */
    static SourceCriterion parse(Node node) {
        Node ipStrategy = node.get("ipStrategy");
        String headerName = node.get("requestHeaderName").string("");
        boolean requestHost = node.get("requestHost").bool(false);
        int given = (ipStrategy.isMissing() ? 0 : 1) + (headerName.isEmpty() ? 0 : 1) + (requestHost ? 1 : 0);
        if (given > 1) {
            throw new Node.InvalidFieldException(node.path(),
                    "ipStrategy, requestHeaderName and requestHost are mutually exclusive");
        }
        if (!headerName.isEmpty()) {
            return new SourceCriterion(Kind.HEADER, 0, CidrSet.empty(), headerName);
        }
        if (requestHost) {
            return new SourceCriterion(Kind.HOST, 0, CidrSet.empty(), null);
        }
        if (ipStrategy.isMissing()) {
            return REMOTE_ADDRESS;
        }
        Node depthNode = ipStrategy.get("depth");
        int depth = depthNode.integer(0);
        if (depth < 0) {
            throw new Node.InvalidFieldException(depthNode.path(), "must not be negative, got " + depth);
        }
        Node excluded = ipStrategy.get("excludedIPs");
        CidrSet excludedIps;
        try {
            excludedIps = CidrSet.parse(excluded.strings());
        } catch (IllegalArgumentException e) {
            throw new Node.InvalidFieldException(excluded.path(), e.getMessage());
        }
        return new SourceCriterion(Kind.IP, depth, excludedIps, null);
    }

    /** The request's source; an empty string when the strategy finds none (all such requests share it). */
    String source(HttpServletRequest request) {
        return switch (kind) {
            case HEADER -> String.join(",", ForwardEdits.requestHeader(request, headerName));
            case HOST -> {
                String host = request.getHeader("Host");
                yield host == null ? "" : host;
            }
            case IP -> ip(request);
        };
    }

    private String ip(HttpServletRequest request) {
        if (depth == 0 && excludedIps.isEmpty()) {
            return request.getRemoteAddr();
        }
        String[] hops = forwardedFor(request);
        if (depth > 0) {
            return hops.length < depth ? "" : hops[hops.length - depth].trim();
        }
        for (int i = hops.length - 1; i >= 0; i--) {
            String hop = hops[i].trim();
            if (!hop.isEmpty() && !excludedIps.contains(hop)) {
                return hop;
            }
        }
        return "";
    }

    /** X-Forwarded-For as the entry point lets it through: none from untrusted peers. */
    private static String[] forwardedFor(HttpServletRequest request) {
        if (!ForwardedHeadersTrust.trusted(request)) {
            return new String[0];
        }
        List<String> values = ForwardEdits.requestHeader(request, "X-Forwarded-For");
        return values.isEmpty() ? new String[0] : String.join(",", values).split(",");
    }
}
