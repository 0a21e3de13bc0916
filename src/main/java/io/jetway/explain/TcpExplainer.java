package io.jetway.explain;

import io.jetway.dynamic.TcpRouterConfig;
import io.jetway.routing.CompiledRouter;
import io.jetway.routing.RouterStatus;
import io.jetway.routing.RoutingTable;
import io.jetway.routing.layer4.HttpsHostNames;
import io.jetway.routing.layer4.Layer4Table;
import io.jetway.routing.layer4.TcpDecision;
import io.jetway.routing.layer4.TcpDecision.Stage;
import io.jetway.routing.layer4.TcpEntryPointRoutes;
import io.jetway.routing.layer4.TcpMiddleware;
import io.jetway.routing.layer4.TcpRoute;
import io.jetway.routing.tcp.TcpConnectionInfo;
import io.jetway.routing.tcp.TcpPriority;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.TreeMap;

/**
 * "Why did this connection go there?": runs {@link TcpDecision} (the order the data plane follows)
 * on a described connection and says which stage decided, which TCP router takes it, and for each
 * other TCP router of the entry point why not: its rule did not match, an earlier stage or router
 * took the connection first, it cannot see this kind of connection, or it is disabled.
 */
public final class TcpExplainer {

    /** A TCP router that did not take the connection, and why. */
    public record Skipped(String router, long priority, String rule, String reason) {
    }

    /**
     * @param stage        the step of Traefik's order that decided ({@link Stage#label()})
     * @param decidedBy    that step, in a sentence
     * @param handler      tcp, http, https or closed
     * @param router       the TCP router that takes the connection, or null
     * @param tls          that router's TLS: passthrough or terminating; null for a router without tls
     * @param refused      that router's middleware that closes every connection of this client, or null
     * @param httpsRouters the HTTPS routers the connection goes to: those naming its server name, or those without host
     * @param skipped      TCP routers tried before the decision whose rule did not match, in the order tried
     * @param notTried     TCP routers the connection never reached, and why
     * @param disabled     TCP routers of the entry point that could not be built, with their errors
     */
    public record Explanation(String entryPoint, TcpExplainRequest connection, String stage, String decidedBy,
                              String handler, String router, long priority, String rule, String tls,
                              List<String> middlewares, String service, String refused, List<String> httpsRouters,
                              List<Skipped> skipped, List<Skipped> notTried, List<Skipped> disabled) {
    }

    private TcpExplainer() {
    }

    public static Explanation explain(RoutingTable table, String entryPoint, TcpExplainRequest request) {
        TcpEntryPointRoutes routes = table.layer4().tcp(entryPoint);
        List<CompiledRouter> httpsRouters = table.tlsRouters(entryPoint);
        TcpDecision.Facts facts = request.facts();
        TcpDecision decision = TcpDecision.decide(routes, HttpsHostNames.of(httpsRouters), facts);
        Stage stage = decision.stage();
        boolean early = stage == Stage.NO_TCP_ROUTERS || stage == Stage.FAST_PATH;
        // What the rules see: nothing of a ClientHello on the fast path, which reads no byte.
        TcpConnectionInfo seen = early ? new TcpConnectionInfo("", List.of(), facts.clientIp()) : facts.info();

        List<Skipped> skipped = new ArrayList<>();
        List<Skipped> notTried = new ArrayList<>();
        TcpRoute chosen = decision.route();
        boolean chosenPassed = false;
        for (TcpRoute route : inOrderTried(routes, early || !facts.tls())) {
            if (route == chosen) {
                chosenPassed = true;
                continue;
            }
            Stage own = stageOf(route, early, facts);
            if (own == null) {
                notTried.add(skip(route, unreachable(route, facts)));
            } else if (own.ordinal() > stage.ordinal()) {
                notTried.add(skip(route, "stage " + stage.label() + " took the connection first"));
            } else if (own == stage && chosenPassed) {
                notTried.add(skip(route, chosen.name() + " (priority " + chosen.priority() + ") comes first"));
            } else {
                String why = route.rule().whyNot(seen);
                skipped.add(skip(route, why != null ? why : "matched, but the connection was decided before it"));
            }
        }
        String handler = decision.handler() == TcpDecision.Handler.CLOSE ? "closed"
                : decision.handler().name().toLowerCase(Locale.ROOT);
        List<String> https = httpsRoutersTaking(stage, httpsRouters, seen.serverName());
        List<Skipped> disabled = disabled(table.layer4(), entryPoint);
        if (chosen == null) {
            return new Explanation(entryPoint, request, stage.label(), decidedBy(stage, entryPoint, seen.serverName()),
                    handler, null, 0, null, null, List.of(), null, null, https, skipped, notTried, disabled);
        }
        return new Explanation(entryPoint, request, stage.label(), decidedBy(stage, entryPoint, seen.serverName()),
                handler, chosen.name(), chosen.priority(), chosen.rule().text(), tlsOf(chosen),
                chosen.middlewares().stream().map(TcpMiddleware::name).toList(), chosen.service().name(),
                refused(chosen, facts.clientIp()), https, skipped, notTried, disabled);
    }

    /** The routers in the order the connection meets them: with tls specific, then HostSNI(`*`), then without tls; or the reverse. */
    private static List<TcpRoute> inOrderTried(TcpEntryPointRoutes routes, boolean plainFirst) {
        List<TcpRoute> tls = new ArrayList<>(routes.tls().stream().filter(r -> !r.catchAll()).toList());
        tls.addAll(routes.tls().stream().filter(TcpRoute::catchAll).toList());
        List<TcpRoute> all = new ArrayList<>(plainFirst ? routes.plain() : tls);
        all.addAll(plainFirst ? tls : routes.plain());
        return all;
    }

    /** The stage at which the data plane would try this router for this connection; null: never. */
    private static Stage stageOf(TcpRoute route, boolean early, TcpDecision.Facts facts) {
        boolean withTls = route.tls() != null;
        if (early) {
            return withTls ? null : Stage.FAST_PATH;
        }
        if (withTls != facts.tls() || facts.postgres() && !facts.tls()) {
            return null;
        }
        if (facts.postgres()) {
            return Stage.POSTGRES;
        }
        return !withTls ? Stage.PLAIN_TCP : route.catchAll() ? Stage.TCP_TLS_CATCH_ALL : Stage.TCP_TLS_SPECIFIC;
    }

    private static String unreachable(TcpRoute route, TcpDecision.Facts facts) {
        if (facts.postgres() && !facts.tls()) {
            return "a Postgres SSLRequest not followed by a ClientHello is closed";
        }
        return route.tls() != null ? "it has tls and the connection is not TLS"
                : "it has no tls and the connection is TLS (a ClientHello goes to routers with tls only)";
    }

    private static Skipped skip(TcpRoute route, String reason) {
        return new Skipped(route.name(), route.priority(), route.rule().text(), reason);
    }

    private static String tlsOf(TcpRoute route) {
        return route.tls() == null ? null : route.passthrough() ? "passthrough" : "terminating";
    }

    private static String refused(TcpRoute route, InetAddress client) {
        for (TcpMiddleware m : route.middlewares()) {
            String why = m.whyRefused(client);
            if (why != null) {
                return why;
            }
        }
        return null;
    }

    private static List<String> httpsRoutersTaking(Stage stage, List<CompiledRouter> routers, String serverName) {
        return switch (stage) {
            case HTTPS_HOST -> routers.stream().filter(r -> HttpsHostNames.names(r.rule().hostKeys(), serverName))
                    .map(CompiledRouter::name).toList();
            case HTTPS_CATCH_ALL -> routers.stream().filter(r -> HttpsHostNames.hostless(r.rule().hostKeys()))
                    .map(CompiledRouter::name).toList();
            default -> List.of();
        };
    }

    /** Disabled TCP routers that name this entry point, or name none (they would have taken the defaults). */
    private static List<Skipped> disabled(Layer4Table layer4, String entryPoint) {
        List<Skipped> disabled = new ArrayList<>();
        for (TcpRouterConfig router : new TreeMap<>(layer4.config().tcpRouters()).values()) {
            RouterStatus status = layer4.tcpRouterStatuses().get(router.name());
            boolean here = router.entryPoints().isEmpty()
                    || router.entryPoints().stream().anyMatch(ep -> ep.equalsIgnoreCase(entryPoint));
            if (status != null && status.status().equals(RouterStatus.DISABLED) && here) {
                long priority = router.rule() == null ? router.priority() : TcpPriority.of(router.rule(), router.priority());
                disabled.add(new Skipped(router.name(), priority, router.rule(), String.join("; ", status.errors())));
            }
        }
        return disabled;
    }

    private static String decidedBy(Stage stage, String entryPoint, String serverName) {
        return switch (stage) {
            case NO_TCP_ROUTERS -> "entry point " + entryPoint + " has no TCP router: every connection goes to HTTP"
                    + " without being read first";
            case FAST_PATH -> "entry point " + entryPoint + " has only TCP routers without tls and no HTTPS router:"
                    + " the client address alone decides, before a byte is read";
            case POSTGRES -> "a Postgres SSLRequest is answered \"S\" and the ClientHello after it goes to the TCP"
                    + " routers with tls only (specific rules first, then HostSNI(`*`)), else it is closed";
            case ACME_TLS_ALPN -> "the ClientHello offers acme-tls/1: HTTPS answers the TLS-ALPN-01 challenge before any router";
            case HTTPS_HOST -> "an HTTPS router names \"" + serverName + "\" in its Host rule, which comes before every TCP router";
            case TCP_TLS_SPECIFIC -> "no HTTPS router names the server name, and a TCP router with tls and a rule other"
                    + " than HostSNI(`*`) matches";
            case HTTPS_CATCH_ALL -> "no HTTPS router names the server name and no TCP router with tls and a specific"
                    + " rule matches; an HTTPS router without a host comes next";
            case TCP_TLS_CATCH_ALL -> "nothing more specific takes the ClientHello: a TCP router with tls and HostSNI(`*`)";
            case HTTPS_DEFAULT -> "no HTTPS router and no TCP router with tls takes the ClientHello";
            case PLAIN_TCP -> "not TLS: a TCP router without tls matches (such routers see no server name)";
            case HTTP -> "not TLS, and no TCP router without tls matches";
            case CLOSED -> "a Postgres SSLRequest not followed by a ClientHello is closed";
        };
    }

    /** The explanation as lines of text, for the command line (the HTTP explanation's conventions). */
    public static List<String> describe(Explanation e) {
        List<String> lines = new ArrayList<>();
        lines.add("connection on entry point " + e.entryPoint() + ": " + e.connection().describe());
        lines.add("stage " + e.stage() + ": " + e.decidedBy());
        e.skipped().forEach(s -> lines.add("skipped " + about(s) + ": " + s.reason()));
        if (e.router() != null) {
            lines.add("matched " + e.router() + " (priority " + e.priority() + ", " + e.rule() + ")");
            if (e.tls() != null) {
                lines.add("  tls: " + e.tls());
            }
            if (!e.middlewares().isEmpty()) {
                lines.add("  middlewares: " + String.join(", ", e.middlewares()));
            }
            lines.add("  service: " + e.service());
            if (e.refused() != null) {
                lines.add("  refused: " + e.refused());
            }
        }
        e.notTried().forEach(s -> lines.add("not tried " + about(s) + ": " + s.reason()));
        e.disabled().forEach(s -> lines.add("disabled " + about(s) + ": " + s.reason()));
        if (e.router() == null) {
            lines.add("no TCP router takes the connection on entry point " + e.entryPoint() + ": " + outcome(e));
        }
        return lines;
    }

    private static String about(Skipped s) {
        return s.router() + " (priority " + s.priority() + ", " + s.rule() + ")";
    }

    private static String outcome(Explanation e) {
        if (e.handler().equals("closed")) {
            return "closed without a byte";
        }
        if (e.stage().equals(Stage.ACME_TLS_ALPN.label())) {
            return "HTTPS answers the ACME challenge";
        }
        if (e.stage().equals(Stage.HTTPS_DEFAULT.label())) {
            return "HTTPS with the default certificate, 404 page not found";
        }
        String to = e.handler().equals("https") ? "HTTPS, where the routers with tls decide" : "HTTP, where the HTTP routers decide";
        return e.httpsRouters().isEmpty() ? to : to + " (" + String.join(", ", e.httpsRouters()) + ")";
    }
}
