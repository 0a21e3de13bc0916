package io.jetway.server.entry;

import io.jetway.build.RuntimeSnapshot;
import io.jetway.build.RuntimeSnapshotHolder;
import io.jetway.exchange.Exchange;
import io.jetway.http.FilterSequence;
import io.jetway.routing.CompiledRouter;
import io.jetway.routing.RoutingTable;
import io.jetway.routing.rule.RoutingPath;
import io.jetway.server.DataPlaneBeans;
import io.jetway.server.proxy.PlainResponses;
import io.jetway.server.proxy.WebSocketTunnel;
import io.jetway.service.Backend;
import io.jetway.service.InternalService;
import io.jetway.tls.TlsManager;
import io.jetway.tls.TlsState;
import io.jetway.tls.acme.AcmeChallenges;
import io.jetway.tls.acme.CertificateResolvers;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterConfig;
import jakarta.servlet.FilterChain;
import jakarta.servlet.Servlet;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.eclipse.jetty.io.EndPoint;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;

/**
 * The entry of every request: finds the entry point by local port, cleans the path as that entry
 * point says, reads the current routing table once, picks the highest-priority router whose rule
 * matches, then runs that router's middlewares and hands the request on to the proxy (or the
 * WebSocket tunnel).
 */
public final class RoutingFilter implements Filter {

    private static final Logger LOG = LoggerFactory.getLogger(RoutingFilter.class);

    private final EntryPoints entryPoints;
    private final WebSocketTunnel webSockets;
    private final InternalEndpoints internal;
    /** Calls the proxy servlet itself: the container may have mapped the path elsewhere. */
    private final FilterChain toProxy;
    private RuntimeSnapshotHolder holder;
    private final TlsManager tls;
    /** HTTP-01 answers of the ACME resolvers; null when none is configured. */
    private AcmeChallenges acmeChallenges;

    /**
     * The routing table's holder comes from the bootstrap's {@link DataPlaneBeans} when the filter is initialised.
     *
     * @param internal the API, dashboard, ping and metrics, or null
     * @param proxy    the proxy servlet, called directly: the container may have mapped the path elsewhere
     * @param tls      the connectors' TLS state, for the domain-fronting check; null when Jetway does not terminate TLS
     */
    public RoutingFilter(EntryPoints entryPoints, WebSocketTunnel webSockets, InternalEndpoints internal, Servlet proxy,
                  TlsManager tls) {
        this.tls = tls;
        this.entryPoints = entryPoints;
        this.webSockets = webSockets;
        this.internal = internal;
        this.toProxy = proxy::service;
    }

    @Override
    public void init(FilterConfig config) {
        DataPlaneBeans beans = DataPlaneBeans.of(config.getServletContext());
        holder = beans.routingTables();
        CertificateResolvers resolvers = beans.certificateResolvers();
        acmeChallenges = resolvers == null ? null : resolvers.challenges();
    }

    @Override
    public void doFilter(ServletRequest req, ServletResponse res, FilterChain chain) throws IOException, ServletException {
        HttpServletRequest request = (HttpServletRequest) req;
        HttpServletResponse response = (HttpServletResponse) res;
        if (request.getDispatcherType() == DispatcherType.ASYNC) {
            // Only the WebSocket tunnel dispatches again, once its backend has answered; the
            // request keeps the route it was given the first time.
            webSockets.tunnel(request, response);
            return;
        }
        EntryPoint entryPoint = entryPoints.forLocalPort(request.getLocalPort());
        if (acmeChallenges != null && acmeChallenges.answer(entryPoint.name(), request, response)) {
            return; // ACME HTTP-01 challenges are answered before routing, as in Traefik
        }
        Exchange exchange = Exchange.of(request);
        exchange.arrivedAt(entryPoint.name(), entryPoint); // the record itself: nothing allocated per request
        String routingPath;
        try {
            routingPath = cleanPath(request, exchange, entryPoint);
        } catch (IllegalArgumentException e) {
            PlainResponses.send(response, 400, "400 Bad Request\n");
            return;
        }
        if (entryPoint.role() != EntryPoint.Role.ROUTES && internal != null
                && internal.serveOnEntryPoint(entryPoint, request, response)) {
            exchange.answeredInternally();
            return;
        }
        // One snapshot per request: the routes and the TLS options it checks come from one reload.
        RuntimeSnapshot snapshot = holder.snapshot();
        RoutingTable table = snapshot.routes();
        boolean overTls = request.isSecure();
        if (overTls && tls != null && misdirected(request, snapshot.tls())) {
            PlainResponses.send(response, 421, "421 Misdirected Request\n");
            return;
        }
        CompiledRouter router = table.route(entryPoint.name(), overTls, new ServletRequestView(request, routingPath));
        EntryPointRedirect redirect = entryPoint.redirect();
        if (redirect != null && (router == null || router.priority() <= redirect.priority())) {
            redirect.send(request, response);
            return;
        }
        if (router == null) {
            PlainResponses.send(response, 404, PlainResponses.NOT_FOUND);
            return;
        }
        String deniedEscape = entryPoint.paths().deniedEscape(routingPath);
        if (deniedEscape != null) {
            // As Traefik: checked for the matched router (so an unrouted path stays 404), an empty 400.
            LOG.debug("event=encoded-character-denied entrypoint={} router={} escape={}",
                    entryPoint.name(), router.name(), deniedEscape);
            response.setStatus(400);
            response.setContentLength(0);
            return;
        }
        run(request, response, exchange, router, toProxy);
    }

    /**
     * The path routers match, middlewares start from and backends receive: the path in the web
     * application, cleaned as the entry point says (normalised, and sanitised unless turned off).
     *
     * @throws IllegalArgumentException on a malformed escape
     */
    private static String cleanPath(HttpServletRequest request, Exchange exchange, EntryPoint entryPoint) {
        String uri = request.getRequestURI();
        String cleaned = entryPoint.paths().clean(inContext(uri, request.getContextPath()));
        if (!cleaned.equals(uri)) {
            exchange.edits().setPath(cleaned);
        }
        return cleaned;
    }

    /**
     * The path inside the web application. Under a context path (a WAR not deployed as the root)
     * it becomes the path to forward too, so routers, middlewares and backends all see the same path.
     */
    private static String inContext(String uri, String context) {
        if (context.isEmpty() || !uri.startsWith(context)) {
            return uri;
        }
        return uri.length() == context.length() ? "/" : uri.substring(context.length());
    }

    private static boolean misdirected(HttpServletRequest request, TlsState tls) {
        return DomainFronting.misdirected(request.getAttribute(EndPoint.SslSessionData.ATTRIBUTE), request.getServerName(), tls);
    }

    /**
     * Runs a router's middlewares, then its service; or, for a parent router, matches its children
     * against the request as the middlewares left it and runs the one that matches.
     */
    private void run(HttpServletRequest request, HttpServletResponse response, Exchange exchange,
                     CompiledRouter router, FilterChain proxy) throws IOException, ServletException {
        exchange.routedBy(router.name());
        FilterChain last = router.children() == null
                ? (rq, rs) -> forward((HttpServletRequest) rq, (HttpServletResponse) rs, exchange, router, proxy)
                : (rq, rs) -> runChild((HttpServletRequest) rq, (HttpServletResponse) rs, exchange, router, proxy);
        FilterSequence.run(router.middlewares(), last, request, response);
    }

    private void runChild(HttpServletRequest request, HttpServletResponse response, Exchange exchange,
                          CompiledRouter parent, FilterChain proxy) throws IOException, ServletException {
        String routingPath;
        try {
            routingPath = RoutingPath.decode(exchange.path());
        } catch (IllegalArgumentException e) {
            PlainResponses.send(response, 400, "400 Bad Request\n");
            return;
        }
        CompiledRouter child = parent.children().match(new ServletRequestView(request, routingPath));
        if (child == null) {
            PlainResponses.send(response, 404, PlainResponses.NOT_FOUND);
            return;
        }
        run(request, response, exchange, child, proxy);
    }

    /** After the middlewares: the service picks a backend, then the proxy or the tunnel forwards. */
    private void forward(HttpServletRequest request, HttpServletResponse response, Exchange exchange,
                         CompiledRouter router, FilterChain proxy) throws IOException, ServletException {
        if (router.service() instanceof InternalService service) {
            if (internal == null) {
                PlainResponses.send(response, 404, PlainResponses.NOT_FOUND);
            } else {
                if (!service.name().equals(InternalService.NOOP)) {
                    exchange.answeredInternally();
                }
                internal.dispatch(service.name(), request, response);
            }
            return;
        }
        exchange.servedBy(router.service());
        Backend backend = router.service().select(request, response);
        if (backend == null) {
            PlainResponses.send(response, 503, PlainResponses.NO_AVAILABLE_SERVER);
            return;
        }
        if (backend.answerStatus() != 0) {
            // A weighted child that is an answer, not a server (a Gateway API backend that cannot be used).
            PlainResponses.send(response, backend.answerStatus(), ""); // as Traefik: the status alone
            return;
        }
        if (backend.middlewares().isEmpty()) {
            send(request, response, exchange, backend, proxy); // no per-request chain object on the common path
            return;
        }
        // The chosen server's own middlewares (a Gateway API backendRef's filters) run now, after the router's.
        FilterSequence.run(backend.middlewares(), (rq, rs) -> send((HttpServletRequest) rq, (HttpServletResponse) rs,
                exchange, backend, proxy), request, response);
    }

    private void send(HttpServletRequest request, HttpServletResponse response, Exchange exchange, Backend backend,
                      FilterChain proxy) throws IOException, ServletException {
        exchange.forwardTo(backend);
        if (backend.inFlight() != null) {
            backend.inFlight().incrementAndGet(); // the proxy or the tunnel decrements when done
        }
        if (WebSocketTunnel.isUpgrade(request)) {
            webSockets.tunnel(request, response);
        } else {
            proxy.doFilter(request, response);
        }
    }
}
