package io.jetway.translate.crd;

import io.jetway.dynamic.TcpMiddlewareConfig;
import io.jetway.kube.KubeObject;
import io.jetway.kube.Node;
import io.jetway.kube.Problem;
import io.jetway.net.IpRange;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * MiddlewareTCP to a TCP middleware named {@code normalize(ns-name)}. Each is checked here as
 * Traefik's builder would check it, so a bad one is a problem on itself and its routers are disabled.
 */
final class TcpMiddlewareTranslator {

    /** In Traefik's order: when several are set, Traefik silently keeps the last. */
    private static final List<String> KINDS = List.of("inFlightConn", "ipWhiteList", "ipAllowList");

    private TcpMiddlewareTranslator() {
    }

    /** @param invalid receives the name when the middleware cannot be used */
    static void translate(KubeObject o, Map<String, TcpMiddlewareConfig> out, Set<String> invalid, List<Problem> problems) {
        String name = CrdNames.qualify(CrdNames.objectKey(o.namespace(), o.name()));
        try {
            TcpMiddlewareConfig middleware = middleware(name, o);
            out.put(name, middleware);
            if (middleware.type().equals("inFlightConn") && o.spec().get("inFlightConn").get("amount").integer(0) == 0) {
                problems.add(Problem.warning(o.ref(), name, "spec.inFlightConn.amount: 0 (or unset) closes every connection,"
                        + " as in Traefik"));
            }
        } catch (TranslationException | Node.InvalidFieldException e) {
            invalid.add(name);
            problems.add(new Problem(o.ref(), name, e.getMessage()));
        }
    }

    private static TcpMiddlewareConfig middleware(String name, KubeObject o) {
        Node spec = o.spec();
        List<String> set = KINDS.stream().filter(kind -> !spec.get(kind).isMissing()).toList();
        if (set.isEmpty()) {
            throw new TranslationException("spec names no TCP middleware type (inFlightConn, ipAllowList or ipWhiteList)");
        }
        if (set.size() > 1) {
            throw new TranslationException("spec sets several middleware types " + set + ": Traefik would use only the last ("
                    + set.get(set.size() - 1) + ") without a word; set one per MiddlewareTCP");
        }
        String kind = set.get(0);
        Node options = spec.get(kind);
        if (kind.equals("inFlightConn")) {
            Node amount = options.get("amount");
            if (amount.integer(0) < 0) {
                throw new TranslationException(amount.path() + ": must not be negative");
            }
            return new TcpMiddlewareConfig(name, kind, options.map(), o.ref());
        }
        List<String> ranges = options.get("sourceRange").strings();
        if (ranges.isEmpty()) {
            throw new TranslationException(options.get("sourceRange").path() + ": at least one IP address or CIDR is required"
                    + " (Traefik refuses an empty list)");
        }
        List<Node> entries = options.get("sourceRange").list();
        for (Node entry : entries) {
            try {
                IpRange.parse(entry.string(""));
            } catch (IllegalArgumentException e) {
                throw new TranslationException(entry.path() + ": " + e.getMessage());
            }
        }
        // ipWhiteList is the deprecated name of the same middleware.
        return new TcpMiddlewareConfig(name, "ipAllowList", options.map(), o.ref());
    }
}
