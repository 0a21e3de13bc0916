package io.jetway.service;

import io.jetway.dynamic.ServersTransport;
import io.jetway.dynamic.ServiceConfig;
import io.jetway.service.health.ServerHealth;

import jakarta.servlet.Filter;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One server a request can be forwarded to, with the forwarding options of the load balancer that
 * owns it. Built once per configuration; the request path only reads it, except for the count
 * of requests in flight, which is shared with the same server of earlier tables.
 *
 * @param baseUrl       {@code http://10.42.0.6:80}, no trailing slash
 * @param authority     {@code 10.42.0.6:80}, the Host header when passHostHeader is false
 * @param serviceName   the load balancer's qualified name
 * @param inFlight      requests sent to this server and not finished yet, or null when its load
 *                      balancer does not need the count (only p2c does; counting costs per request)
 * @param health        the server's health, shared across tables, or null when nothing checks it
 * @param flushInterval how often a streamed response is flushed to the client; negative: after
 *                      every write (Traefik's responseForwarding.flushInterval)
 * @param transport     how to reach the server, or null for the default transport (static flags)
 * @param middlewares   run after the router's middlewares once this server is chosen: the own
 *                      middlewares of the weighted child it belongs to (see {@link FilteredService})
 */
public record Backend(String baseUrl, String authority, boolean passHostHeader, String serviceName,
                      AtomicInteger inFlight, ServerHealth health, Duration flushInterval, ServersTransport transport,
                      List<Filter> middlewares) {

    public static Backend of(String url, boolean passHostHeader, String serviceName) {
        return of(url, passHostHeader, serviceName, null, null);
    }

    public static Backend of(String url, boolean passHostHeader, String serviceName, AtomicInteger inFlight) {
        return of(url, passHostHeader, serviceName, inFlight, null);
    }

    public static Backend of(String url, boolean passHostHeader, String serviceName, AtomicInteger inFlight,
                             ServerHealth health) {
        String base = url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
        int schemeEnd = base.indexOf("://");
        String rest = schemeEnd < 0 ? base : base.substring(schemeEnd + 3);
        int slash = rest.indexOf('/');
        String authority = slash < 0 ? rest : rest.substring(0, slash);
        return new Backend(base, authority, passHostHeader, serviceName, inFlight, health,
                ServiceConfig.LoadBalancer.DEFAULT_FLUSH_INTERVAL, null, List.of());
    }

    public Backend withFlushInterval(Duration interval) {
        return new Backend(baseUrl, authority, passHostHeader, serviceName, inFlight, health, interval, transport, middlewares);
    }

    public Backend withTransport(ServersTransport serversTransport) {
        return new Backend(baseUrl, authority, passHostHeader, serviceName, inFlight, health, flushInterval, serversTransport,
                middlewares);
    }

    /** This server with these middlewares to run before its own (an outer weighted child's run first). */
    public Backend withMiddlewares(List<Filter> outer) {
        List<Filter> all = outer;
        if (!middlewares.isEmpty()) { // nested weighted children with filters of their own: rare
            List<Filter> both = new java.util.ArrayList<>(outer);
            both.addAll(middlewares);
            all = List.copyOf(both);
        }
        // Per request on a filtered child: the common case copies no list (the record's List.copyOf keeps an immutable one).
        return new Backend(baseUrl, authority, passHostHeader, serviceName, inFlight, health, flushInterval, transport, all);
    }

    /** Marks a backend that is no server but an answer of the service's own (a status). */
    private static final String ANSWER_SCHEME = "answer:";

    /** A "backend" the routing filter answers itself with this status instead of forwarding. */
    public static Backend answering(int status, String serviceName) {
        return new Backend(ANSWER_SCHEME + status, "", true, serviceName, null, null,
                ServiceConfig.LoadBalancer.DEFAULT_FLUSH_INTERVAL, null, List.of());
    }

    /** The status to answer for an {@link #answering} backend; 0 for a real server. */
    public int answerStatus() {
        return baseUrl.startsWith(ANSWER_SCHEME) ? Integer.parseInt(baseUrl.substring(ANSWER_SCHEME.length())) : 0;
    }

    /** Whether the server may get a request now (no health check: always). */
    public boolean isUp() {
        return health == null || health.isUp();
    }
}
