package io.jetway.provider.file;

import io.jetway.model.KubeObject;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.api.lowlevel.Compose;
import org.snakeyaml.engine.v2.constructor.StandardConstructor;
import org.snakeyaml.engine.v2.exceptions.Mark;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;
import org.snakeyaml.engine.v2.nodes.Node;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Parses one manifest file (YAML, multi-document, or JSON) into Kubernetes objects, exactly as
 * {@code kubectl apply -f} would read it. {@code kind: List} documents are expanded.
 */
public final class ManifestReader {

    /** The file as a whole could not be read; {@code line} is 1-based, or 0 when unknown. */
    public static final class ManifestException extends Exception {
        private final int line;

        public ManifestException(String message, int line) {
            super(message);
            this.line = line;
        }

        public int line() {
            return line;
        }
    }

    /** Parsed objects plus documents that were well-formed YAML but not usable objects. */
    public record Result(List<KubeObject> objects, List<String> skipped) {
    }

    private ManifestReader() {
    }

    public static Result read(String label, String text) throws ManifestException {
        LoadSettings settings = LoadSettings.builder().setLabel(label).setAllowDuplicateKeys(false).build();
        StandardConstructor constructor = new StandardConstructor(settings);
        List<KubeObject> objects = new ArrayList<>();
        List<String> skipped = new ArrayList<>();
        try {
            // Composed first so each document's object knows the line it starts on (file:line).
            for (Node node : new Compose(settings).composeAllFromString(text)) {
                int line = node == null ? 0 : node.getStartMark().map(m -> m.getLine() + 1).orElse(0);
                Object doc = node == null ? null : constructor.constructSingleDocument(Optional.of(node));
                collect(label + ":" + line, doc, objects, skipped);
            }
        } catch (MarkedYamlEngineException e) {
            Optional<Mark> mark = e.getProblemMark();
            int line = mark.map(m -> m.getLine() + 1).orElse(0);
            String problem = e.getProblem() == null ? e.getMessage() : e.getProblem();
            throw new ManifestException(label + ":" + line + ": " + firstLine(problem), line);
        } catch (YamlEngineException e) {
            throw new ManifestException(label + ": " + firstLine(e.getMessage()), 0);
        }
        return new Result(List.copyOf(objects), List.copyOf(skipped));
    }

    private static void collect(String source, Object doc, List<KubeObject> out, List<String> skipped) {
        if (doc == null) {
            return; // an empty document between "---" separators
        }
        if (!(doc instanceof Map<?, ?> map)) {
            skipped.add(source + ": not an object");
            return;
        }
        Object kind = map.get("kind");
        Object apiVersion = map.get("apiVersion");
        if ("List".equals(kind) && map.get("items") instanceof List<?> items) {
            int i = 0;
            for (Object item : items) {
                collect(source + ".items[" + i++ + "]", item, out, skipped);
            }
            return;
        }
        if (!(kind instanceof String k) || !(apiVersion instanceof String v)) {
            skipped.add(source + ": missing apiVersion or kind");
            return;
        }
        Object metadata = map.get("metadata");
        Object name = metadata instanceof Map<?, ?> m ? m.get("name") : null;
        if (!(name instanceof String n) || n.isEmpty()) {
            skipped.add(source + ": " + k + " without metadata.name");
            return;
        }
        Object namespace = ((Map<?, ?>) metadata).get("namespace");
        String ns = namespace instanceof String s && !s.isEmpty() ? s : "default";
        @SuppressWarnings("unchecked")
        Map<String, Object> document = (Map<String, Object>) deepFreeze(map);
        out.add(new KubeObject(v, k, ns, n, document, source));
    }

    /** Snapshots are shared across threads: make the parsed tree immutable. */
    private static Object deepFreeze(Object value) {
        if (value instanceof Map<?, ?> map) {
            Map<String, Object> copy = new LinkedHashMap<>();
            map.forEach((k, v) -> copy.put(String.valueOf(k), deepFreeze(v)));
            return Collections.unmodifiableMap(copy);
        }
        if (value instanceof List<?> list) {
            List<Object> copy = new ArrayList<>(list.size());
            list.forEach(v -> copy.add(deepFreeze(v)));
            return Collections.unmodifiableList(copy);
        }
        return value;
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "invalid YAML";
        }
        int nl = s.indexOf('\n');
        return (nl < 0 ? s : s.substring(0, nl)).trim();
    }
}
