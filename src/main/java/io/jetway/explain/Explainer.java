package io.jetway.explain;

import io.jetway.routing.CompiledRouter;
import io.jetway.routing.RoutingTable;
import io.jetway.routing.rule.RequestView;

import java.util.ArrayList;
import java.util.List;

/**
 * "Why did this request go there?": walks an entry point's routers in the order the routing
 * filter does and says which one serves a request, with its middlewares and service, and why each
 * router before it did not match. Child routers (multi-layer routing) are explained the same way,
 * on the request as it arrived: the parent's middlewares are not run by an explanation.
 */
public final class Explainer {

    /** A router that was tried before the one that serves, and why it did not. */
    public record Skipped(String router, int priority, String rule, String reason) {
    }

    /**
     * @param router      the router that serves the request, or null (404)
     * @param middlewares its middlewares, in order
     * @param service     its service, or null for a parent router
     * @param skipped     the routers tried before it (or all of them when none matched)
     * @param child       for a parent router: the explanation of its children
     */
    public record Explanation(String entryPoint, String router, int priority, String rule, List<String> middlewares,
                              String service, List<Skipped> skipped, Explanation child, String source) {
    }

    /** A Gateway API router's name ends with its rule's index and the rule's hash (Traefik's naming). */
    private static final java.util.regex.Pattern GATEWAY_RULE = java.util.regex.Pattern.compile("-(\\d+)-[0-9a-f]{20}@kubernetesgateway$");

    /** Where a router came from: the object, and for a Gateway API route the rule ({@code rules[i]}). */
    static String source(String routerName, io.jetway.dynamic.RouterConfig config) {
        if (config == null || config.source() == null) {
            return null;
        }
        String object = config.source().toString();
        java.util.regex.Matcher m = GATEWAY_RULE.matcher(routerName);
        return m.find() ? object + ", rules[" + m.group(1) + "]" : object;
    }

    private Explainer() {
    }

    public static Explanation explain(RoutingTable table, String entryPoint, RequestView request) {
        return explain(table, entryPoint, table.routers(entryPoint), request);
    }

    private static Explanation explain(RoutingTable table, String entryPoint, List<CompiledRouter> routers,
                                       RequestView request) {
        List<Skipped> skipped = new ArrayList<>();
        for (CompiledRouter router : routers) {
            String why = router.rule().whyNot(request);
            if (why != null) {
                skipped.add(new Skipped(router.name(), router.priority(), router.rule().text(), why));
                continue;
            }
            String routerName = router.name();
            var config = table.config().routers().get(routerName);
            List<String> middlewares = config == null ? List.of() : config.middlewares();
            Explanation child = router.children() == null ? null
                    : explain(table, entryPoint, router.children().all(), request);
            return new Explanation(entryPoint, routerName, router.priority(), router.rule().text(), middlewares,
                    config == null ? null : config.service(), List.copyOf(skipped), child, source(routerName, config));
        }
        return new Explanation(entryPoint, null, 0, null, List.of(), null, List.copyOf(skipped), null, null);
    }

    /** The explanation as lines of text, for the command line. */
    public static List<String> describe(Explanation e) {
        List<String> lines = new ArrayList<>();
        describe(e, "", lines);
        return lines;
    }

    private static void describe(Explanation e, String indent, List<String> lines) {
        for (Skipped s : e.skipped()) {
            lines.add(indent + "skipped " + s.router() + " (priority " + s.priority() + ", " + s.rule() + "): " + s.reason());
        }
        if (e.router() == null) {
            lines.add(indent + "no router matches on entry point " + e.entryPoint() + ": 404 page not found");
            return;
        }
        lines.add(indent + "matched " + e.router() + " (priority " + e.priority() + ", " + e.rule() + ")");
        if (e.source() != null) {
            lines.add(indent + "  from: " + e.source());
        }
        if (!e.middlewares().isEmpty()) {
            lines.add(indent + "  middlewares: " + String.join(", ", e.middlewares()));
        }
        if (e.service() != null) {
            lines.add(indent + "  service: " + e.service());
        }
        if (e.child() != null) {
            lines.add(indent + "  children (evaluated after the middlewares above, on the request as sent):");
            describe(e.child(), indent + "    ", lines);
        }
    }
}
