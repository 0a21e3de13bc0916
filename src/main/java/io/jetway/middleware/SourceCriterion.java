package io.jetway.middleware;

import io.jetway.exchange.Exchange;
import io.jetway.kube.Node;
import jakarta.servlet.http.HttpServletRequest;

/**
 * Traefik's sourceCriterion: what makes two requests come from the same source for rateLimit and
 * inFlightReq. One of an ipStrategy (the remote address, or an X-Forwarded-For element), a request
 * header's value, or the Host; the remote address when none is given.
 */
public final class SourceCriterion {

    private enum Kind { IP, HEADER, HOST }

    private final Kind kind;
    private final IpStrategy ipStrategy;
    private final String headerName;

    private SourceCriterion(Kind kind, IpStrategy ipStrategy, String headerName) {
        this.kind = kind;
        this.ipStrategy = ipStrategy;
        this.headerName = headerName;
    }

    static final SourceCriterion REMOTE_ADDRESS = new SourceCriterion(Kind.IP, new IpStrategy.RemoteAddress(), null);

    /** @param node the {@code sourceCriterion} field, possibly missing */
    public static SourceCriterion parse(Node node) {
        Node ipStrategy = node.get("ipStrategy");
        String headerName = node.get("requestHeaderName").string("");
        boolean requestHost = node.get("requestHost").bool(false);
        int given = (ipStrategy.isMissing() ? 0 : 1) + (headerName.isEmpty() ? 0 : 1) + (requestHost ? 1 : 0);
        if (given > 1) {
            throw new Node.InvalidFieldException(node.path(),
                    "ipStrategy, requestHeaderName and requestHost are mutually exclusive");
        }
        if (!headerName.isEmpty()) {
            return new SourceCriterion(Kind.HEADER, null, headerName);
        }
        if (requestHost) {
            return new SourceCriterion(Kind.HOST, null, null);
        }
        return ipStrategy.isMissing() ? REMOTE_ADDRESS : new SourceCriterion(Kind.IP, IpStrategy.parse(ipStrategy), null);
    }

    /** The request's source; an empty string when the strategy finds none (all such requests share it). */
    public String source(HttpServletRequest request) {
        return switch (kind) {
            case HEADER -> String.join(",", Exchange.of(request).requestHeader(headerName));
            case HOST -> {
                String host = request.getHeader("Host");
                yield host == null ? "" : host;
            }
            case IP -> ipStrategy.clientIp(request);
        };
    }
}
