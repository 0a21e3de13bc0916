package io.jetway.status;

import io.jetway.dynamic.GatewayCondition;
import io.jetway.dynamic.GatewayApiStatus;
import io.jetway.dynamic.GatewayFeatures;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The status a Gateway API object gets, as a map to write, built from the translation and the
 * status it has now: a condition whose status did not change keeps its lastTransitionTime, so an
 * unchanged object gets an equal map and no write (Traefik rewrites them every sync, #10939);
 * other controllers' route parents are kept.
 */
final class GatewayStatuses {

    private static final String GATEWAY_GROUP = "gateway.networking.k8s.io";
    private static final String CONTROLLER_NAME = GatewayApiStatus.CONTROLLER_NAME;

    private GatewayStatuses() {
    }

    static Map<String, Object> gatewayClass(Map<String, Object> current, List<GatewayCondition> conditions, long generation) {
        Map<String, Object> status = new LinkedHashMap<>(current);
        status.put("conditions", upsert(list(current.get("conditions")), conditions, generation));
        List<Object> features = new ArrayList<>();
        GatewayFeatures.SUPPORTED.forEach(name -> features.add(Map.of("name", name)));
        status.put("supportedFeatures", features);
        return status;
    }

    static Map<String, Object> gateway(Map<String, Object> current, GatewayApiStatus.GatewayStatus translated, long generation,
                                       List<Map<String, Object>> addresses) {
        Map<String, Object> status = new LinkedHashMap<>(current);
        if (!addresses.isEmpty()) {
            status.put("addresses", addresses);
        }
        status.put("conditions", replace(list(current.get("conditions")), translated.conditions(), generation));
        Map<String, List<Object>> oldListeners = new LinkedHashMap<>();
        for (Object l : list(current.get("listeners"))) {
            if (l instanceof Map<?, ?> m) {
                oldListeners.put(String.valueOf(m.get("name")), list(m.get("conditions")));
            }
        }
        List<Object> listeners = new ArrayList<>();
        for (GatewayApiStatus.ListenerStatus listener : translated.listeners()) {
            Map<String, Object> l = new LinkedHashMap<>();
            l.put("name", listener.name());
            List<Object> kinds = new ArrayList<>();
            for (String kind : listener.supportedKinds()) {
                kinds.add(Map.of("group", GATEWAY_GROUP, "kind", kind));
            }
            l.put("supportedKinds", kinds);
            l.put("attachedRoutes", listener.attachedRoutes());
            l.put("conditions", replace(oldListeners.getOrDefault(listener.name(), List.of()), listener.conditions(), generation));
            listeners.add(l);
        }
        status.put("listeners", listeners);
        return status;
    }

    /** A route's parents: Jetway's entries replaced, every other controller's kept. */
    static Map<String, Object> route(Map<String, Object> current, List<GatewayApiStatus.RouteParentStatus> parents, long generation) {
        return withOwnEntries(current, "parents", "parentRef",
                parents.stream().map(p -> Map.entry(p.parentRef(), p.conditions())).toList(), generation);
    }

    /** A policy's ancestors: Jetway's entries replaced, every other controller's kept (Traefik's rule). */
    static Map<String, Object> policy(Map<String, Object> current, List<GatewayApiStatus.PolicyAncestorStatus> ancestors,
                                      long generation) {
        return withOwnEntries(current, "ancestors", "ancestorRef",
                ancestors.stream().map(a -> Map.entry(a.ancestorRef(), a.conditions())).toList(), generation);
    }

    /**
     * The status with the list {@code listKey} holding every other controller's entries as they
     * are, then Jetway's own (each keyed by its {@code refKey}), whose conditions keep their
     * lastTransitionTime where their status did not change.
     */
    private static Map<String, Object> withOwnEntries(Map<String, Object> current, String listKey, String refKey,
                                                      List<Map.Entry<Map<String, Object>, List<GatewayCondition>>> own,
                                                      long generation) {
        Map<String, Object> status = new LinkedHashMap<>(current);
        List<Object> kept = new ArrayList<>();
        Map<Object, List<Object>> oldConditions = new LinkedHashMap<>();
        for (Object e : list(current.get(listKey))) {
            if (e instanceof Map<?, ?> m && CONTROLLER_NAME.equals(m.get("controllerName"))) {
                oldConditions.put(m.get(refKey), list(m.get("conditions")));
            } else {
                kept.add(e);
            }
        }
        for (Map.Entry<Map<String, Object>, List<GatewayCondition>> mine : own) {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put(refKey, mine.getKey());
            entry.put("controllerName", CONTROLLER_NAME);
            entry.put("conditions", replace(oldConditions.getOrDefault(mine.getKey(), List.of()), mine.getValue(), generation));
            kept.add(entry);
        }
        status.put(listKey, kept);
        return status;
    }

    /** The conditions given, in order, replacing all others. */
    private static List<Object> replace(List<Object> old, List<GatewayCondition> conditions, long generation) {
        List<Object> out = new ArrayList<>();
        for (GatewayCondition c : conditions) {
            out.add(condition(find(old, c.type()), c, generation));
        }
        return out;
    }

    /** The conditions given replace those of their types; others (another controller's) stay. */
    private static List<Object> upsert(List<Object> old, List<GatewayCondition> conditions, long generation) {
        List<Object> out = new ArrayList<>();
        for (Object o : old) {
            if (!(o instanceof Map<?, ?> m && conditions.stream().anyMatch(c -> c.type().equals(m.get("type"))))) {
                out.add(o);
            }
        }
        for (GatewayCondition c : conditions) {
            out.add(condition(find(old, c.type()), c, generation));
        }
        return out;
    }

    private static Map<String, Object> condition(Map<?, ?> previous, GatewayCondition c, long generation) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("type", c.type());
        m.put("status", c.status());
        m.put("reason", c.reason());
        m.put("message", c.message());
        m.put("observedGeneration", generation);
        Object since = previous != null && c.status().equals(previous.get("status")) && previous.get("lastTransitionTime") != null
                ? previous.get("lastTransitionTime") : Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
        m.put("lastTransitionTime", since);
        return m;
    }

    private static Map<?, ?> find(List<Object> conditions, String type) {
        for (Object o : conditions) {
            if (o instanceof Map<?, ?> m && Objects.equals(type, m.get("type"))) {
                return m;
            }
        }
        return null;
    }

    @SuppressWarnings("unchecked")
    private static List<Object> list(Object value) {
        return value instanceof List<?> l ? (List<Object>) l : List.of();
    }
}
