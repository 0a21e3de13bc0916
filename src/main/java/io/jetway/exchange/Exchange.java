package io.jetway.exchange;

import io.jetway.service.Backend;
import io.jetway.service.ServiceHandler;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.http.HttpServletRequest;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Everything Jetway decides and learns about one request, in one typed object: where it came from
 * and where it goes (entry point, router, service, backend), what the middlewares ask of the
 * proxy (request and response edits, a buffered body, a response-size limit, a retry policy,
 * error pages, a body transform, content-type detection, time limits), and what the observers read once it
 * is over ({@link Observations}). Middlewares write it, the proxy obeys it without knowing which
 * middleware asked, and the metrics and the access log read it.
 *
 * <p>One per request, kept as the request's only Jetway attribute. Its fields are written on
 * the request's own threads, one step after another; the observers read it after completion.
 */
public final class Exchange {

    private static final String ATTRIBUTE = Exchange.class.getName();

    private HttpServletRequest request;
    private final Observations observations;

    private volatile String entryPoint;
    private volatile TrustedPeers trustedPeers;
    private volatile String router;
    private volatile ServiceHandler service;
    private volatile Backend backend;
    private volatile boolean internal;
    private volatile String authenticatedUser;

    private ForwardEdits edits;
    private BufferedBody bufferedBody;
    private ResponseBodyLimit responseBodyLimit;
    private volatile RetryPolicy retryPolicy;
    private volatile TimeLimits timeLimits;
    /** Outermost first. */
    private List<ErrorPages> errorPages = List.of();
    private ResponseBodyTransformer responseBodyTransformer;
    private boolean detectContentType;
    private volatile ErrorPages answeringErrorPages;
    private volatile ResponseBodyTransformer.Transform bodyTransform;

    private Exchange(Observations observations) {
        this.observations = observations;
    }

    /**
     * Starts an observed exchange (metrics or the access log are on) before the servlet request
     * exists: on Jetty the attribute set on the core request is the servlet request's too.
     */
    public static Exchange begin(Observations observations) {
        return new Exchange(observations);
    }

    /** The request attribute a {@link #begin begun} exchange is stored under. */
    public static String attributeName() {
        return ATTRIBUTE;
    }

    /** The request's exchange, created on first use (unobserved when no observer began it). */
    public static Exchange of(ServletRequest request) {
        HttpServletRequest http = (HttpServletRequest) request;
        if (request.getAttribute(ATTRIBUTE) instanceof Exchange exchange) {
            if (exchange.request == null) {
                exchange.request = http;
            }
            return exchange;
        }
        Exchange created = new Exchange(null);
        created.request = http;
        request.setAttribute(ATTRIBUTE, created);
        return created;
    }

    // ---- where it came from and where it goes

    /** The entry point's name, or null before routing. */
    public String entryPoint() {
        return entryPoint;
    }

    /**
     * @param trustedPeers whether the entry point trusts a peer's X-Forwarded-* headers: an
     *                     untrusted client cannot choose its own source
     */
    public void arrivedAt(String entryPoint, TrustedPeers trustedPeers) {
        this.entryPoint = entryPoint;
        this.trustedPeers = trustedPeers;
    }

    /** True when the entry point trusts this peer's forwarded headers, or when no routing said otherwise. */
    public boolean forwardedHeadersTrusted(String peerAddress) {
        TrustedPeers trust = trustedPeers;
        return trust == null || trust.trusts(peerAddress);
    }

    /** The router that took the request (the innermost, for parent routers), or null. */
    public String router() {
        return router;
    }

    public void routedBy(String router) {
        this.router = router;
    }

    /** The router's service, which picks the backend (and picks again for a retry), or null. */
    public ServiceHandler service() {
        return service;
    }

    /** The router's service's name, or null. */
    public String serviceName() {
        ServiceHandler s = service;
        return s == null ? null : s.name();
    }

    public void servedBy(ServiceHandler service) {
        this.service = service;
    }

    /** The backend the service picked for the current attempt, or null. */
    public Backend backend() {
        return backend;
    }

    public void forwardTo(Backend backend) {
        this.backend = backend;
    }

    /** Whether Jetway answered itself (API, dashboard, ping, metrics). */
    public boolean internal() {
        return internal;
    }

    public void answeredInternally() {
        internal = true;
    }

    /** The user basicAuth or digestAuth let through (the access log's ClientUsername), or null. */
    public String authenticatedUser() {
        return authenticatedUser;
    }

    public void authenticated(String user) {
        authenticatedUser = user;
    }

    // ---- what the middlewares ask of the proxy

    /** The edits of the forwarded request and the returned response, created on first use. */
    public ForwardEdits edits() {
        if (edits == null) {
            edits = new ForwardEdits(request);
        }
        return edits;
    }

    /** The edits, or null when no middleware changed anything. */
    public ForwardEdits editsIfAny() {
        return edits;
    }

    /** The path to forward, still escaped: the received one unless a middleware replaced it. */
    public String path() {
        return edits != null ? edits.path() : request.getRequestURI();
    }

    /** The query to forward (without '?'), or null. */
    public String query() {
        return edits != null ? edits.query() : request.getQueryString();
    }

    /** The request header's values as they will be forwarded. */
    public List<String> requestHeader(String name) {
        return edits != null ? edits.requestHeader(name) : Collections.list(request.getHeaders(name));
    }

    /** Whether a middleware set, added or removed this request header. */
    public boolean requestHeaderEdited(String name) {
        return edits != null && edits.requestHeaderEdited(name);
    }

    /** The body a middleware read in full, or null when the proxy is to stream it from the client. */
    public BufferedBody bufferedBody() {
        return bufferedBody;
    }

    public void bufferedBody(BufferedBody body) {
        this.bufferedBody = body;
    }

    /** The limit on the response body's size, or null. */
    public ResponseBodyLimit responseBodyLimit() {
        return responseBodyLimit;
    }

    public void limitResponseBody(ResponseBodyLimit limit) {
        this.responseBodyLimit = limit;
    }

    /** The retry policy, or null when the request may not be retried. */
    public RetryPolicy retryPolicy() {
        return retryPolicy;
    }

    public void retryWith(RetryPolicy policy) {
        this.retryPolicy = policy;
    }

    /** How long the request and each attempt at the backend may take, or null for no limits of the route's own. */
    public TimeLimits timeLimits() {
        return timeLimits;
    }

    public void limitTime(TimeLimits limits) {
        this.timeLimits = limits;
    }

    /** Whether the request is being sent again (mirrors and such went out with the first attempt). */
    public boolean retrying() {
        RetryPolicy retry = retryPolicy;
        return retry != null && retry.isRetrying();
    }

    /**
     * Asks the proxy to answer with a page of an errors middleware's service when the response's
     * status is one it catches.
     */
    public void replaceErrorPages(ErrorPages pages) {
        List<ErrorPages> all = new ArrayList<>(errorPages);
        all.add(pages);
        errorPages = List.copyOf(all);
    }

    /**
     * The errors middleware that answers a response of this status, or null: the outermost one
     * that catches it, since in Traefik it sees the status last and its page is what goes out.
     */
    public ErrorPages errorPagesFor(int status) {
        for (ErrorPages pages : errorPages) {
            if (pages.catches(status)) {
                return pages;
            }
        }
        return null;
    }

    /** Asks the proxy to pass the response body through the transformer (compress, gRPC-Web). */
    public void transformResponseBody(ResponseBodyTransformer transformer) {
        this.responseBodyTransformer = transformer;
    }

    /** The transformer of the response body, or null. */
    public ResponseBodyTransformer responseBodyTransformer() {
        return responseBodyTransformer;
    }

    /** Asks the proxy to name the type of a response that has none from its first bytes. */
    public void detectContentType() {
        detectContentType = true;
    }

    public boolean detectsContentType() {
        return detectContentType;
    }

    // ---- what the proxy decided for the response

    /** The backend's response is replaced by a page of these error pages (the backend's body is dropped). */
    public void answerWithErrorPage(ErrorPages pages) {
        answeringErrorPages = pages;
    }

    /** The error pages that answer instead of the backend, or null. */
    public ErrorPages answeringErrorPages() {
        return answeringErrorPages;
    }

    /** The response body passes through this transform (begun once the backend's headers came). */
    public void transformBodyWith(ResponseBodyTransformer.Transform transform) {
        bodyTransform = transform;
    }

    /** The response body's transform, or null. */
    public ResponseBodyTransformer.Transform bodyTransform() {
        return bodyTransform;
    }

    // ---- for the observers

    /** What the metrics and the access log read, or null when neither is on. */
    public Observations observations() {
        return observations;
    }
}
