package io.jetway.status;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Comparing status documents as the API server returns them with the ones Jetway builds: numbers
 * compare by value whatever their Java type (JSON gives Integer, Jetway Long).
 */
final class StatusMaps {

    private StatusMaps() {
    }

    static boolean same(Object a, Object b) {
        return normalized(a, false).equals(normalized(b, false));
    }

    /** The document without lastTransitionTime values: what a write changes when nothing happened. */
    static Object withoutTimes(Object document) {
        return normalized(document, true);
    }

    private static Object normalized(Object value, boolean dropTimes) {
        if (value instanceof Map<?, ?> m) {
            Map<String, Object> out = new LinkedHashMap<>();
            m.forEach((k, v) -> {
                if (!(dropTimes && "lastTransitionTime".equals(k)) && v != null) {
                    out.put(String.valueOf(k), normalized(v, dropTimes));
                }
            });
            return out;
        }
        if (value instanceof List<?> l) {
            List<Object> out = new ArrayList<>();
            l.forEach(v -> out.add(normalized(v, dropTimes)));
            return out;
        }
        if (value instanceof Number n) {
            return n.doubleValue() == Math.rint(n.doubleValue()) ? (Object) n.longValue() : (Object) n.doubleValue();
        }
        return value;
    }
}
