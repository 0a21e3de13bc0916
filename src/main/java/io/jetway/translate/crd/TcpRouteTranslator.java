package io.jetway.translate.crd;

import io.jetway.dynamic.TcpMiddlewareConfig;
import io.jetway.dynamic.TcpRouterConfig;
import io.jetway.dynamic.TcpRouterTls;
import io.jetway.dynamic.TcpServersTransport;
import io.jetway.dynamic.TcpServiceConfig;
import io.jetway.kube.KubeObject;
import io.jetway.kube.Node;
import io.jetway.kube.Problem;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * IngressRouteTCP to TCP routers and services, with Traefik's names: router = service =
 * {@code <ns>-<name>-<first 20 hex of sha256(match)>}, not normalized. A route that Traefik skips
 * (empty match, bad middleware or TLS options reference) gets no router; a route whose service
 * cannot be built keeps its router, disabled by its problem, as Traefik shows it in error.
 */
final class TcpRouteTranslator {

    /** Traefik refuses higher priorities: it adds up to 1000 to them internally. */
    private static final long MAX_PRIORITY = Long.MAX_VALUE - 1000;

    private final CrdOptions options;
    private final Layer4Services services;
    private final TlsTranslator tls;
    private final List<Problem> problems;
    private final Map<String, TcpRouterConfig> routers;
    private final Map<String, TcpServiceConfig> tcpServices;
    private final Map<String, TcpMiddlewareConfig> middlewares;
    private final Map<String, TcpServersTransport> transports;
    /** Names of this provider's MiddlewareTCPs, and of its ServersTransportTCPs, that exist but are invalid. */
    private final Set<String> invalidMiddlewares;
    private final Set<String> invalidTransports;

    TcpRouteTranslator(CrdOptions options, Layer4Services services, TlsTranslator tls, List<Problem> problems,
                       Map<String, TcpRouterConfig> routers, Map<String, TcpServiceConfig> tcpServices,
                       Map<String, TcpMiddlewareConfig> middlewares, Map<String, TcpServersTransport> transports,
                       Set<String> invalidMiddlewares, Set<String> invalidTransports) {
        this.options = options;
        this.services = services;
        this.tls = tls;
        this.problems = problems;
        this.routers = routers;
        this.tcpServices = tcpServices;
        this.middlewares = middlewares;
        this.transports = transports;
        this.invalidMiddlewares = invalidMiddlewares;
        this.invalidTransports = invalidTransports;
    }

    void translate(KubeObject o) {
        List<String> entryPoints = o.spec().get("entryPoints").strings();
        List<Node> routes = o.spec().get("routes").list();
        if (routes.isEmpty()) {
            problems.add(new Problem(o.ref(), null, "spec.routes: at least one route is required"));
        }
        for (Node route : routes) {
            String match = route.get("match").string("");
            // Traefik's makeID(ns, makeServiceKey(match, name)): not normalized, unlike HTTP names.
            String key = o.namespace() + "-" + o.name() + "-" + CrdNames.sha256Prefix(match, 10);
            String name = CrdNames.qualify(key);
            try {
                translateRoute(o, route, match, key, name, entryPoints);
            } catch (TranslationException | Node.InvalidFieldException e) {
                problems.add(new Problem(o.ref(), name, e.getMessage()));
            }
        }
    }

    private void translateRoute(KubeObject o, Node route, String match, String key, String name, List<String> entryPoints) {
        if (match.isEmpty()) {
            throw new TranslationException(route.get("match").path() + ": " + route.get("match").requiredMessage()
                    + "; the route is skipped");
        }
        if (routers.containsKey(name)) {
            throw new TranslationException(route.path() + ": duplicate route, another route of this IngressRouteTCP has the same match");
        }
        long priority = priority(route.get("priority"));
        String syntax = route.get("syntax").string("v3");
        if (!syntax.equals("v3") && !syntax.equals("v2")) {
            throw new TranslationException(route.get("syntax").path() + ": must be v3 or v2, got \"" + syntax + "\"");
        }
        List<String> middlewareNames = new ArrayList<>();
        for (Node ref : route.get("middlewares").list()) {
            middlewareNames.add(Layer4References.middleware(ref, o.namespace(), options));
        }
        Consumer<String> warn = warning -> problems.add(Problem.warning(o.ref(), name, warning));
        TcpRouterTls routerTls = tls.tcpRouterTls(o, warn);
        // From here on the router exists, disabled by any problem below (as Traefik shows it in error).
        routers.put(name, new TcpRouterConfig(name, entryPoints, match, priority, syntax,
                middlewareNames, name, routerTls, o.ref()));
        for (int i = 0; i < middlewareNames.size(); i++) {
            String missing = absent(middlewareNames.get(i), middlewares.keySet(), invalidMiddlewares, "middleware");
            if (missing != null) {
                problems.add(new Problem(o.ref(), name, route.get("middlewares").list().get(i).path() + ": " + missing));
            }
        }
        services.translate(o, route, key, backend -> loadBalancer(backend, o, warn),
                children -> new TcpServiceConfig.Weighted(children, o.ref()), tcpServices);
    }

    private TcpServiceConfig.LoadBalancer loadBalancer(Layer4Services.Backend backend, KubeObject o, Consumer<String> warn) {
        Node ref = backend.ref();
        boolean serverTls = ref.get("tls").bool(false);
        List<TcpServiceConfig.Server> servers = backend.addresses().stream()
                .map(address -> new TcpServiceConfig.Server(address, serverTls)).toList();
        String transport = Layer4References.serversTransport(ref.get("serversTransport"), o.namespace(), options);
        if (transport != null) {
            String missing = absent(transport, transports.keySet(), invalidTransports, "servers transport");
            if (missing != null) {
                throw new TranslationException(ref.get("serversTransport").path() + ": " + missing);
            }
        }
        Duration terminationDelay = terminationDelay(ref.get("terminationDelay"));
        int proxyProtocol = proxyProtocolVersion(ref.get("proxyProtocol"));
        if (transport != null && terminationDelay != null) {
            // Traefik drops it too: the transport's terminationDelay applies.
            warn.accept(ref.get("terminationDelay").path() + ": ignored, the serversTransport's terminationDelay applies");
            terminationDelay = null;
        }
        if (transport != null && proxyProtocol != 0) {
            warn.accept(ref.get("proxyProtocol").path() + ": ignored, the serversTransport's proxyProtocol applies");
        }
        return new TcpServiceConfig.LoadBalancer(servers, transport, terminationDelay, proxyProtocol, o.ref());
    }

    /**
     * The deprecated integer {@code terminationDelay}. Traefik documents it in milliseconds but its
     * dialer reads the integer as nanoseconds, which makes any value an immediate close; Jetway takes
     * the documented milliseconds (400 -> 400ms). Negative: the read side is never closed.
     */
    private static Duration terminationDelay(Node field) {
        return field.isMissing() ? null : Duration.ofMillis(field.integer(0));
    }

    /** The deprecated {@code proxyProtocol}: an empty one means version 2 here (Traefik's default on this path). */
    private static int proxyProtocolVersion(Node field) {
        if (field.isMissing()) {
            return 0;
        }
        Node version = field.get("version");
        int v = version.integer(0);
        if (v == 0) {
            return 2;
        }
        if (v != 1 && v != 2) {
            throw new TranslationException(version.path() + ": must be 1 or 2, got " + v);
        }
        return v;
    }

    /** A Go {@code int} priority; 0 (or unset) lets the rule's length decide. */
    private static long priority(Node field) {
        if (field.isMissing()) {
            return 0;
        }
        long priority;
        try {
            // Through the text also for a number, so that one beyond a long is refused, not wrapped.
            priority = Long.parseLong(field.string("").trim());
        } catch (NumberFormatException e) {
            throw new TranslationException(field.path() + ": expected an integer, got \"" + field.string("") + "\"");
        }
        if (priority > MAX_PRIORITY) {
            throw new TranslationException(field.path() + ": must not be above " + MAX_PRIORITY);
        }
        return priority;
    }

    /** Why a reference to this provider's object does not resolve, or null when it does or names another provider. */
    private static String absent(String name, Set<String> defined, Set<String> invalid, String what) {
        if (defined.contains(name) || !name.endsWith("@" + CrdNames.PROVIDER)) {
            return null;
        }
        return what + " \"" + name + "\" " + (invalid.contains(name) ? "is invalid (see its problems)" : "does not exist");
    }
}
