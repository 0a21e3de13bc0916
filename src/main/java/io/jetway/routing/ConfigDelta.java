package io.jetway.routing;

import io.jetway.dynamic.DynamicConfig;
import io.jetway.dynamic.RouterConfig;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;

/**
 * The routers and services that differ between the configuration a table was built from and the
 * next one. Translation hands unchanged routers and services over as the same objects, so they
 * are told apart by identity, in one walk that compares contents only where the objects differ
 * (a translator may make a definition again, equal), or only at the names the translation says
 * it changed ({@link io.jetway.dynamic.ConfigChanges}). Only for a small change to
 * routers and services alone: anything else (problems, middlewares or transports that differ, more
 * than an eighth of the routers) is null, and the table is built in full.
 *
 * @param routers  the names of routers added, changed or removed, in name order
 * @param services the names of services added, changed or removed
 */
record ConfigDelta(List<String> routers, Set<String> services) {

    /** The delta, or null when {@code after} is not a small change to {@code before}'s routers and services. */
    static ConfigDelta between(DynamicConfig before, DynamicConfig after) {
        return between(before, after, null);
    }

    /**
     * The same, comparing only the names {@code changes} gives when they lead from {@code before}
     * to {@code after} (null, or other configurations: every name is compared).
     */
    static ConfigDelta between(DynamicConfig before, DynamicConfig after, io.jetway.dynamic.ConfigChanges changes) {
        if (!sameList(before.problems(), after.problems())
                || !before.serversTransports().equals(after.serversTransports())
                || !before.middlewares().equals(after.middlewares())) {
            return null;
        }
        int limit = Math.max(16, after.routers().size() / 8);
        if (changes != null && changes.leadFrom(before, after)) {
            List<String> routers = changes.routers().stream()
                    .filter(name -> differ(before.routers().get(name), after.routers().get(name))).sorted().toList();
            Set<String> services = new HashSet<>();
            changes.services().stream().filter(name -> differ(before.services().get(name), after.services().get(name)))
                    .forEach(services::add);
            return routers.size() > limit || services.size() > limit ? null : new ConfigDelta(routers, services);
        }
        List<String> routers = changedRouters(before.routers(), after.routers(), limit);
        if (routers == null) {
            return null;
        }
        Set<String> services = changedKeys(before.services(), after.services(), limit);
        return services == null ? null : new ConfigDelta(routers, services);
    }

    /** Another object that is not equal (translators make some definitions again on every pass, equal). */
    private static boolean differ(Object before, Object after) {
        return before != after && (before == null || !before.equals(after));
    }

    private static boolean sameList(List<?> a, List<?> b) {
        return a == b || a.equals(b);
    }

    /** Both maps walked in name order side by side when sorted, else by lookups; null past the limit. */
    private static List<String> changedRouters(Map<String, RouterConfig> before, Map<String, RouterConfig> after,
                                               int limit) {
        if (!(before instanceof SortedMap<String, RouterConfig> b && b.comparator() == null
                && after instanceof SortedMap<String, RouterConfig> a && a.comparator() == null)) {
            Set<String> changed = changedKeys(before, after, limit);
            return changed == null ? null : changed.stream().sorted().toList();
        }
        List<String> changed = new ArrayList<>();
        Iterator<Map.Entry<String, RouterConfig>> ib = before.entrySet().iterator();
        Iterator<Map.Entry<String, RouterConfig>> ia = after.entrySet().iterator();
        Map.Entry<String, RouterConfig> eb = ib.hasNext() ? ib.next() : null;
        Map.Entry<String, RouterConfig> ea = ia.hasNext() ? ia.next() : null;
        while (eb != null || ea != null) {
            // Replayed routers keep their name's String: most steps compare no characters.
            int order = eb == null ? 1 : ea == null ? -1 : eb.getKey() == ea.getKey() ? 0 : eb.getKey().compareTo(ea.getKey());
            if (order < 0) {
                changed.add(eb.getKey());
                eb = ib.hasNext() ? ib.next() : null;
            } else if (order > 0) {
                changed.add(ea.getKey());
                ea = ia.hasNext() ? ia.next() : null;
            } else {
                if (differ(eb.getValue(), ea.getValue())) {
                    changed.add(ea.getKey());
                }
                eb = ib.hasNext() ? ib.next() : null;
                ea = ia.hasNext() ? ia.next() : null;
            }
            if (changed.size() > limit) {
                return null;
            }
        }
        return changed;
    }

    /** Keys added, removed or with another value object; null past the limit. */
    private static <V> Set<String> changedKeys(Map<String, V> before, Map<String, V> after, int limit) {
        Set<String> changed = new HashSet<>();
        int common = 0;
        for (Map.Entry<String, V> e : after.entrySet()) {
            V old = before.get(e.getKey());
            if (old != null) {
                common++;
            }
            if (differ(old, e.getValue())) {
                changed.add(e.getKey());
                if (changed.size() > limit) {
                    return null;
                }
            }
        }
        if (common < before.size()) {
            for (String name : before.keySet()) {
                if (!after.containsKey(name)) {
                    changed.add(name);
                    if (changed.size() > limit) {
                        return null;
                    }
                }
            }
        }
        return changed;
    }
}
