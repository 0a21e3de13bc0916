package io.jetway.middleware.ipallowlist;

import io.jetway.kube.Node;
import io.jetway.middleware.HttpMiddleware;
import io.jetway.middleware.IpStrategy;
import io.jetway.middleware.LocalResponses;
import io.jetway.middleware.MiddlewareContext;
import io.jetway.net.CidrSet;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;

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

    /** @param name the middleware's qualified name, for the log */
    public IpAllowListMiddleware(String name, IpAllowListOptions options) {
        this.name = name;
        this.sourceRange = options.sourceRange();
        this.strategy = options.ipStrategy();
        this.rejectStatus = options.rejectStatusCode();
    }

    public static Filter create(Node options, MiddlewareContext context) {
        return new IpAllowListMiddleware(context.name(), IpAllowListOptions.from(options));
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
