package io.jetway.translate.crd;

import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The fields Traefik's CRDs (v3.7, {@code traefik.io_*.yaml}) define under each kind's spec. A field
 * they do not define is most often a typo ({@code middelwares}, {@code bogusField}): Traefik never
 * sees it (the API server refuses or prunes it), Jetway ignores it and says so.
 * <p>
 * The resource {@code traefik-crd-fields.json} is those schemas reduced to field names: an object
 * maps each field to its own tree, a list is its items' tree, {@code ""} is a value and {@code "*"}
 * is free-form (a map of headers, a plugin's settings). Jetway's own extensions ({@link #JETWAY_FIELDS})
 * are added to it: they are not typos either.
 */
final class CrdFields {

    /** Enough to point at a mistake; a file of typos need not fill the log. */
    static final int MAX_REPORTED = 10;

    /**
     * Fields Jetway reads beyond Traefik's CRDs, per kind, as dotted paths under spec. An
     * IngressRouteUDP service's {@code proxyProtocol.version} (only 2): PROXY protocol v2 to UDP
     * servers, which Traefik lacks (#8613).
     */
    static final Map<String, List<String>> JETWAY_FIELDS = Map.of(
            "IngressRouteUDP", List.of("routes.services.proxyProtocol.version"));

    private static final Map<?, ?> SCHEMAS = load();

    private CrdFields() {
    }

    private static Map<?, ?> load() {
        try (InputStream in = CrdFields.class.getResourceAsStream("traefik-crd-fields.json")) {
            if (in == null) {
                throw new IllegalStateException("traefik-crd-fields.json is missing from the classpath");
            }
            @SuppressWarnings("unchecked")
            Map<Object, Object> schemas = (Map<Object, Object>) new Load(LoadSettings.builder().build())
                    .loadFromString(new String(in.readAllBytes(), StandardCharsets.UTF_8));
            JETWAY_FIELDS.forEach((kind, paths) -> paths.forEach(path -> extend(schemas.get(kind), path.split("\\."))));
            return schemas;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Adds one field path to a kind's tree (loaded as mutable maps). */
    @SuppressWarnings("unchecked")
    private static void extend(Object schema, String[] path) {
        Map<Object, Object> fields = (Map<Object, Object>) schema;
        for (int i = 0; i < path.length - 1; i++) {
            Object next = fields.get(path[i]);
            if (!(next instanceof Map<?, ?>)) {
                next = new LinkedHashMap<>();
                fields.put(path[i], next);
            }
            fields = (Map<Object, Object>) next;
        }
        fields.putIfAbsent(path[path.length - 1], "");
    }

    static boolean covers(String kind) {
        return SCHEMAS.containsKey(kind);
    }

    /** The paths ({@code spec.routes[0].bogusField}) of the fields of {@code spec} that the kind's CRD does not define. */
    static List<String> unknown(String kind, Object spec) {
        List<String> out = new ArrayList<>();
        Object schema = SCHEMAS.get(kind);
        if (schema != null) {
            walk(schema, spec, "spec", out);
        }
        return out;
    }

    private static void walk(Object schema, Object value, String path, List<String> out) {
        if (!(schema instanceof Map<?, ?> fields) || out.size() >= MAX_REPORTED) {
            return; // a value or a free-form object: nothing to check below
        }
        if (value instanceof List<?> items) {
            for (int i = 0; i < items.size(); i++) {
                walk(schema, items.get(i), path + "[" + i + "]", out);
            }
        } else if (value instanceof Map<?, ?> map) {
            for (Map.Entry<?, ?> e : map.entrySet()) {
                String key = String.valueOf(e.getKey());
                if (!fields.containsKey(key)) {
                    if (out.size() < MAX_REPORTED) {
                        out.add(path + "." + key);
                    }
                } else {
                    walk(fields.get(key), e.getValue(), path + "." + key, out);
                }
            }
        }
    }
}
