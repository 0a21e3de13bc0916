package io.jetway.model;

import java.util.List;

/**
 * An HTTP router.
 *
 * @param entryPoints empty means every entry point
 * @param priority    as configured; 0 means "the rule's length"
 * @param ruleSyntax  "v3" (default) or "v2"
 * @param middlewares qualified middleware names, in order
 * @param service     qualified service name
 * @param source      the object it came from, for problems and status
 */
public record RouterConfig(String name, List<String> entryPoints, String rule, int priority, String ruleSyntax,
                           List<String> middlewares, String service, ObjectRef source) {

    public RouterConfig {
        entryPoints = List.copyOf(entryPoints);
        middlewares = List.copyOf(middlewares);
    }
}
