package io.jetway.middleware;

import io.jetway.dynamic.MiddlewareConfig;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/** Middleware state kept across reloads by middleware name, dropped when the definition changes. */
public final class MiddlewareState {

    private record Entry(MiddlewareConfig definition, Map<String, Object> values) {
    }

    private final Map<String, Entry> byName = new ConcurrentHashMap<>();

    @SuppressWarnings("unchecked")
    <T> T get(MiddlewareConfig definition, String key, Supplier<T> initial) {
        Entry entry = byName.compute(definition.name(), (name, old) ->
                old != null && old.definition().equals(definition) ? old : new Entry(definition, new ConcurrentHashMap<>()));
        return (T) entry.values().computeIfAbsent(key, k -> initial.get());
    }

    void retainOnly(Set<String> names) {
        byName.keySet().retainAll(names);
    }
}
