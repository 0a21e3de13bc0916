package io.jetway.service;

import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Which target of one balancer (a server, named by its URL, or a child service, named by its
 * name) a sticky cookie value names, as Traefik v3 reads it: first the current value
 * ({@link StickyCookie#valueFor}), then the older values it still accepts and replaces with the
 * current one: the name itself, its FNV-1 hash, and that hash hashed again (Traefik once hashed
 * server URLs before the cookie hashed them once more). Built with the table, read-only after.
 */
final class StickyTargets<T> {

    /** @param outdated the client sent an older value: the cookie is to be set again in the current form */
    record Match<T>(T target, boolean outdated) {
    }

    private final Map<String, Match<T>> byValue;
    private final Map<T, String> currentValues = new IdentityHashMap<>();

    StickyTargets(List<T> targets, Function<T, String> nameOf) {
        Map<String, Match<T>> values = new HashMap<>();
        for (T target : targets) {
            String current = StickyCookie.valueFor(nameOf.apply(target));
            currentValues.put(target, current);
            values.put(current, new Match<>(target, false));
        }
        for (T target : targets) {
            String name = nameOf.apply(target);
            String fnv = StickyCookie.fnvValueFor(name);
            for (String older : List.of(name, fnv, StickyCookie.fnvValueFor(fnv))) {
                values.putIfAbsent(older, new Match<>(target, true)); // a current value wins, as in Traefik
            }
        }
        this.byValue = Map.copyOf(values);
    }

    /** The target the value names, or null. */
    Match<T> find(String value) {
        return value == null ? null : byValue.get(value);
    }

    /** The current cookie value naming the target (one of those this was built with). */
    String currentValue(T target) {
        return currentValues.get(target);
    }
}
