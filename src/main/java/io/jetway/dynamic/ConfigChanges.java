package io.jetway.dynamic;

import java.util.Set;

/**
 * The names a translation says may differ from the configuration it made before: every router
 * and service not named here is the same object as in that configuration. It lets the build
 * compare only these instead of walking tens of thousands of routers to find the change.
 *
 * @param before   the configuration the names are relative to
 * @param after    the configuration they lead to
 * @param routers  router names that may have been added, changed or removed
 * @param services service names that may have been added, changed or removed
 */
public record ConfigChanges(DynamicConfig before, DynamicConfig after, Set<String> routers, Set<String> services) {

    public ConfigChanges {
        routers = Set.copyOf(routers);
        services = Set.copyOf(services);
    }

    /** Whether these changes lead from {@code before} to {@code after}, the very objects. */
    public boolean leadFrom(DynamicConfig before, DynamicConfig after) {
        return this.before == before && this.after == after;
    }
}
