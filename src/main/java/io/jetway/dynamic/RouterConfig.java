package io.jetway.dynamic;

import io.jetway.kube.ObjectRef;

import java.util.List;

/**
 * An HTTP router.
 *
 * @param entryPoints empty means every entry point
 * @param priority    as configured; 0 means "the rule's length"
 * @param ruleSyntax  "v3" (default) or "v2"
 * @param middlewares qualified middleware names, in order
 * @param service     qualified service name; null for a parent router, whose children choose it
 * @param source      the object it came from, for problems and status
 * @param parentRefs  for a child router (multi-layer routing): the routers whose middlewares run
 *                    before its rule is evaluated; empty for a top-level router
 * @param tls         the router's TLS section; null when the router does not terminate TLS itself
 */
public record RouterConfig(String name, List<String> entryPoints, String rule, int priority, String ruleSyntax,
                           List<String> middlewares, String service, ObjectRef source, List<String> parentRefs,
                           RouterTls tls) {

    public RouterConfig {
        entryPoints = List.copyOf(entryPoints);
        middlewares = List.copyOf(middlewares);
        parentRefs = List.copyOf(parentRefs);
    }

    public RouterConfig(String name, List<String> entryPoints, String rule, int priority, String ruleSyntax,
                        List<String> middlewares, String service, ObjectRef source, List<String> parentRefs) {
        this(name, entryPoints, rule, priority, ruleSyntax, middlewares, service, source, parentRefs, null);
    }

    public RouterConfig(String name, List<String> entryPoints, String rule, int priority, String ruleSyntax,
                        List<String> middlewares, String service, ObjectRef source) {
        this(name, entryPoints, rule, priority, ruleSyntax, middlewares, service, source, List.of());
    }
}
