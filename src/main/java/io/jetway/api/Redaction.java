package io.jetway.api;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Takes secrets out of middleware options before the API shows them: the users lines of
 * basicAuth and digestAuth (password hashes), private keys and anything that looks like one.
 */
final class Redaction {

    static final String REDACTED = "REDACTED";

    /** Option names whose values are secrets whatever the middleware. */
    private static final Set<String> SECRET_KEYS = Set.of("key", "password", "privatekey", "token", "clientsecret");
    private static final Set<String> USER_LISTS = Set.of("basicauth", "digestauth");

    private Redaction() {
    }

    static Map<String, Object> middlewareOptions(String type, Map<String, Object> options) {
        boolean userList = USER_LISTS.contains(type.toLowerCase(Locale.ROOT));
        Map<String, Object> copy = new LinkedHashMap<>();
        options.forEach((key, value) -> copy.put(key, userList && key.equals("users") ? redactAll(value) : redact(key, value)));
        return copy;
    }

    private static Object redactAll(Object users) {
        if (users instanceof List<?> list) {
            return list.stream().map(u -> REDACTED).toList();
        }
        return REDACTED;
    }

    private static Object redact(String key, Object value) {
        if (SECRET_KEYS.contains(key.toLowerCase(Locale.ROOT)) && value instanceof String) {
            return REDACTED;
        }
        if (value instanceof String text) {
            return text.contains("PRIVATE KEY") ? REDACTED : text;
        }
        if (value instanceof Map<?, ?> map) {
            Map<String, Object> copy = new LinkedHashMap<>();
            map.forEach((k, v) -> copy.put(String.valueOf(k), redact(String.valueOf(k), v)));
            return copy;
        }
        if (value instanceof List<?> list) {
            List<Object> copy = new ArrayList<>();
            list.forEach(item -> copy.add(redact("", item)));
            return copy;
        }
        return value;
    }
}
