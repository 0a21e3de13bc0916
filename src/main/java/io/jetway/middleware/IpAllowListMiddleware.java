package io.jetway.middleware;

import io.jetway.model.Node;
import io.jetway.net.CidrSet;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code ipAllowList} (and its old name {@code ipWhiteList}): serves only clients whose address,
 * as the ipStrategy reads it, is in sourceRange; others get rejectStatusCode (403) with the
 * status text as body.
 */
public final class IpAllowListMiddleware extends HttpMiddleware {

    private static final Logger LOG = LoggerFactory.getLogger(IpAllowListMiddleware.class);

    private final String name;
    private final CidrSet sourceRange;
    private final IpStrategy strategy;
    private final int rejectStatus;

    private IpAllowListMiddleware(String name, CidrSet sourceRange, IpStrategy strategy, int rejectStatus) {
        this.name = name;
        this.sourceRange = sourceRange;
        this.strategy = strategy;
        this.rejectStatus = rejectStatus;
    }

    public static Filter create(Node options, MiddlewareContext context) {
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
        return new IpAllowListMiddleware(context.name(), CidrSet.parse(ranges),
                IpStrategy.parse(options.get("ipStrategy")), rejectStatus);
    }

    @Override
    protected void filter(HttpServletRequest request, HttpServletResponse response, FilterChain next)
            throws IOException, ServletException {
        String clientIp = strategy.clientIp(request);
        if (!clientIp.isEmpty() && sourceRange.contains(IpStrategy.withoutPort(clientIp))) {
            next.doFilter(request, response);
            return;
        }
        if (LOG.isDebugEnabled()) {
            LOG.debug("event=ip-rejected middleware={} ip=\"{}\" status={}", name, clientIp, rejectStatus);
        }
        LocalResponses.send(request, response, rejectStatus, LocalResponses.statusText(rejectStatus));
    }
}
