package io.jetway.kube;

import io.jetway.util.Lookalikes;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * A typed, path-aware view over parsed YAML (maps, lists, scalars). Reading a field of the wrong
 * type throws {@link InvalidFieldException} naming the field path, so a translator can turn any
 * bad manifest into one precise problem record.
 */
public final class Node {

    /** Null for a root or a node made {@link #at} a given path. */
    private final Node parent;
    /** The field name, {@code [i]} for a list item, or the whole path when there is no parent. */
    private final String step;
    private final Object value;

    private Node(Node parent, String step, Object value) {
        this.parent = parent;
        this.step = step;
        this.value = value;
    }

    public static Node root(Object value) {
        return new Node(null, "", value);
    }

    /** A node for a value found at {@code path} of a larger document, so errors name the full field. */
    public static Node at(String path, Object value) {
        return new Node(null, path, value);
    }

    /** Built only when asked (error messages): translation reads many fields and reports few. */
    public String path() {
        if (parent == null) {
            return step;
        }
        String base = parent.path();
        if (parent.value instanceof List<?>) { // a list item: "[i]"
            return base + step;
        }
        return base.isEmpty() ? step : base + "." + step;
    }

    public boolean isMissing() {
        return value == null;
    }

    public Object raw() {
        return value;
    }

    public Node get(String key) {
        Object child = value instanceof Map<?, ?> map ? map.get(key) : null;
        if (value != null && !(value instanceof Map<?, ?>)) {
            throw new InvalidFieldException(path(), "expected an object");
        }
        return new Node(this, key, child);
    }

    public List<Node> list() {
        if (value == null) {
            return List.of();
        }
        if (!(value instanceof List<?> items)) {
            throw new InvalidFieldException(path(), "expected a list");
        }
        List<Node> nodes = new ArrayList<>(items.size());
        for (int i = 0; i < items.size(); i++) {
            nodes.add(new Node(this, "[" + i + "]", items.get(i)));
        }
        return nodes;
    }

    public Map<String, Object> map() {
        if (value == null) {
            return Map.of();
        }
        if (!(value instanceof Map<?, ?> map)) {
            throw new InvalidFieldException(path(), "expected an object");
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> typed = (Map<String, Object>) map;
        return Collections.unmodifiableMap(typed);
    }

    public String string(String fallback) {
        if (value == null) {
            return fallback;
        }
        if (value instanceof String s) {
            return s;
        }
        if (value instanceof Number || value instanceof Boolean) {
            return String.valueOf(value);
        }
        throw new InvalidFieldException(path(), "expected a string");
    }

    public String requiredString() {
        String s = string(null);
        if (s == null || s.isEmpty()) {
            throw new InvalidFieldException(path(), requiredMessage());
        }
        return s;
    }

    /**
     * "is required", naming the keys written beside this one that look like a misspelling of it
     * ({@code is required (found unknown key serverPort)} for {@code servicePort}).
     */
    public String requiredMessage() {
        return "is required" + lookalikeHint();
    }

    /**
     * For a missing field: {@code " (found unknown key serverPort)"} when keys written beside it look
     * like a misspelling of its name (the user did write the field, under another name); else "".
     */
    public String lookalikeHint() {
        List<String> lookalikes = new ArrayList<>();
        if (parent != null && parent.value instanceof Map<?, ?> siblings && !step.startsWith("[")) {
            for (Object key : siblings.keySet()) {
                if (key instanceof String written && !written.equals(step) && Lookalikes.similar(step, written)) {
                    lookalikes.add(written);
                }
            }
        }
        return lookalikes.isEmpty() ? "" : " (found unknown key " + String.join(", ", lookalikes) + ")";
    }

    public List<String> strings() {
        List<String> out = new ArrayList<>();
        for (Node n : list()) {
            out.add(n.string(""));
        }
        return List.copyOf(out);
    }

    public int integer(int fallback) {
        if (value == null) {
            return fallback;
        }
        if (value instanceof Integer || value instanceof Long || value instanceof Short) {
            long l = ((Number) value).longValue();
            if (l < Integer.MIN_VALUE || l > Integer.MAX_VALUE) {
                throw new InvalidFieldException(path(), "number out of range");
            }
            return (int) l;
        }
        if (value instanceof String s) {
            try {
                return Integer.parseInt(s.trim());
            } catch (NumberFormatException e) {
                throw new InvalidFieldException(path(), "expected an integer, got \"" + s + "\"");
            }
        }
        throw new InvalidFieldException(path(), "expected an integer");
    }

    public boolean bool(boolean fallback) {
        if (value == null) {
            return fallback;
        }
        if (value instanceof Boolean b) {
            return b;
        }
        if (value instanceof String s && (s.equalsIgnoreCase("true") || s.equalsIgnoreCase("false"))) {
            return Boolean.parseBoolean(s);
        }
        throw new InvalidFieldException(path(), "expected true or false");
    }

    /** Thrown when a field has the wrong type or is missing; the message names the field. */
    public static final class InvalidFieldException extends RuntimeException {
        private final String field;

        public InvalidFieldException(String field, String message) {
            super((field.isEmpty() ? "document" : field) + ": " + message);
            this.field = field;
        }

        public String field() {
            return field;
        }
    }
}
