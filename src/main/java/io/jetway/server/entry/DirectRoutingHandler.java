package io.jetway.server.entry;

import io.jetway.build.RuntimeSnapshot;
import io.jetway.build.RuntimeSnapshotHolder;
import io.jetway.exchange.Exchange;
import io.jetway.routing.CompiledRouter;
import io.jetway.routing.RoutingTable;
import io.jetway.server.DataPlaneBeans;
import io.jetway.server.proxy.DirectForwarder;
import io.jetway.service.Backend;
import io.jetway.service.ServiceHandler;
import io.jetway.tls.acme.AcmeChallenges;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpVersion;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * The request path's shortcut (issue 18), in front of the servlet context: routes the request on
 * Jetty's core request and, when nothing on its way needs the servlet layer, has the
 * {@link DirectForwarder} forward it. That is an HTTP/1.1 request (plain, or over TLS when its
 * Host is not fronting for another server name's TLS options) without a body, an upgrade or an
 * Expect, on an entry point that only routes, whose path the entry point leaves as
 * it is, matched by a router without middlewares whose load balancer picks among plain HTTP
 * servers without reading the request (no sticky cookie). Everything else, and every request
 * the shortcut has doubts about, goes on to the servlet context untouched, where
 * {@link RoutingFilter} routes it from scratch: the two agree on every route because they read
 * the same snapshot with the same rules.
 *
 * <p>Experimental and off by default ({@code --proxy.directforwarding=true} turns it on): on a quiet
 * machine it cost more CPU per request than the tuned servlet proxy (docs/performance.md, "Direct
 * forwarding"). The suite keeps both ways equal.
 */
public final class DirectRoutingHandler extends Handler.Wrapper {

    private final EntryPoints entryPoints;
    private final DirectForwarder forwarder;
    private final Supplier<DataPlaneBeans> beans;
    /** Whether Jetway terminates TLS on its entry points (the domain-fronting check needs its state). */
    private final boolean terminatesTls;
    private volatile RuntimeSnapshotHolder holder;
    private volatile boolean acmeChallenges;
    /** Per routing table: whether each service's servers can all be reached directly. */
    private volatile ServiceVerdicts verdicts = new ServiceVerdicts(null);

    /**
     * @param beans the data plane's shared state, known once the servlet context has started
     */
    public DirectRoutingHandler(EntryPoints entryPoints, DirectForwarder forwarder, Supplier<DataPlaneBeans> beans,
                                boolean terminatesTls, Handler servletContext) {
        super(servletContext);
        this.terminatesTls = terminatesTls;
        this.entryPoints = entryPoints;
        this.forwarder = forwarder;
        this.beans = beans;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        if (!isPlainHttp11WithoutBody(request)) {
            return super.handle(request, response, callback);
        }
        RuntimeSnapshotHolder tables = holder();
        EntryPoint entryPoint = entryPoints.forLocalPort(Request.getLocalPort(request));
        if (tables == null || entryPoint.role() != EntryPoint.Role.ROUTES || entryPoint.redirect() != null) {
            return super.handle(request, response, callback);
        }
        String path = request.getHttpURI().getPath();
        if (path == null || path.isEmpty() || (acmeChallenges && path.startsWith(AcmeChallenges.HTTP_PATH_PREFIX))) {
            return super.handle(request, response, callback);
        }
        String cleaned;
        try {
            cleaned = entryPoint.paths().clean(path);
        } catch (IllegalArgumentException e) {
            return super.handle(request, response, callback); // the servlet path answers 400
        }
        if (!cleaned.equals(path) || entryPoint.paths().deniedEscape(cleaned) != null) {
            return super.handle(request, response, callback);
        }
        RuntimeSnapshot snapshot = tables.snapshot();
        boolean overTls = request.isSecure();
        if (overTls && (!terminatesTls || DomainFronting.misdirected(request.getAttribute(EndPoint.SslSessionData.ATTRIBUTE),
                Request.getServerName(request), snapshot.tls()))) {
            return super.handle(request, response, callback); // the servlet path answers 421
        }
        RoutingTable table = snapshot.routes();
        CompiledRouter router = table.route(entryPoint.name(), overTls, new CoreRequestView(request, cleaned));
        if (router == null || router.children() != null || !router.middlewares().isEmpty()
                || !reachesAllServers(table, router.service())) {
            return super.handle(request, response, callback);
        }
        ServiceHandler service = router.service();
        Backend backend = service.select(null, null);
        if (backend == null) {
            return super.handle(request, response, callback); // the servlet path answers 503
        }
        Exchange exchange = request.getAttribute(Exchange.attributeName()) instanceof Exchange begun ? begun : Exchange.begin(null);
        request.setAttribute(Exchange.attributeName(), exchange);
        exchange.arrivedAt(entryPoint.name(), entryPoint);
        exchange.routedBy(router.name());
        exchange.servedBy(service);
        exchange.forwardTo(backend);
        if (backend.inFlight() != null) {
            backend.inFlight().incrementAndGet(); // the exchange decrements when it ends
        }
        forwarder.forward(request, response, callback, exchange, backend);
        return true;
    }

    /**
     * HTTP/1.1 (plain or over TLS), no body, and none of the headers whose handling lives in the servlet
     * proxy (Expect, Upgrade, TE, a Connection header naming other headers).
     */
    private static boolean isPlainHttp11WithoutBody(Request request) {
        if (request.getConnectionMetaData().getHttpVersion() != HttpVersion.HTTP_1_1) {
            return false;
        }
        for (HttpField field : request.getHeaders()) {
            HttpHeader header = field.getHeader();
            if (header == null) {
                continue;
            }
            switch (header) {
                case CONTENT_LENGTH -> {
                    if (!"0".equals(field.getValue())) {
                        return false;
                    }
                }
                case TRANSFER_ENCODING, EXPECT, UPGRADE, TE, HTTP2_SETTINGS -> {
                    return false;
                }
                case CONNECTION -> {
                    String value = field.getValue();
                    if (!"keep-alive".equalsIgnoreCase(value) && !"close".equalsIgnoreCase(value)) {
                        return false;
                    }
                }
                default -> {
                }
            }
        }
        return true;
    }

    private boolean reachesAllServers(RoutingTable table, ServiceHandler service) {
        ServiceVerdicts current = verdicts;
        if (current.table != table) {
            current = new ServiceVerdicts(table);
            verdicts = current;
        }
        Boolean verdict = current.byService.get(service);
        if (verdict == null) {
            List<Backend> servers = service.requestFreeServers();
            verdict = servers != null && servers.stream().allMatch(DirectForwarder::reaches);
            current.byService.put(service, verdict);
        }
        return verdict;
    }

    private RuntimeSnapshotHolder holder() {
        RuntimeSnapshotHolder known = holder;
        if (known == null) {
            DataPlaneBeans shared = beans.get();
            if (shared == null) {
                return null;
            }
            acmeChallenges = shared.certificateResolvers() != null;
            known = shared.routingTables();
            holder = known;
        }
        return known;
    }

    /** The services of one routing table: compiled services are replaced, never changed, by a reload. */
    private static final class ServiceVerdicts {
        final RoutingTable table;
        final Map<ServiceHandler, Boolean> byService = new ConcurrentHashMap<>();

        ServiceVerdicts(RoutingTable table) {
            this.table = table;
        }
    }
}
