package io.jetway.model;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * An immutable set of Kubernetes-shaped objects from one provider, indexed by kind, namespace and
 * name. Equal snapshots mean equal inputs, which lets the pipeline skip a rebuild.
 */
public final class ResourceSnapshot {

    public static final ResourceSnapshot EMPTY = new ResourceSnapshot(List.of());

    private final List<KubeObject> objects;
    private final Map<String, Map<String, KubeObject>> byKind;

    public ResourceSnapshot(List<KubeObject> objects) {
        this.objects = List.copyOf(objects);
        Map<String, Map<String, KubeObject>> index = new HashMap<>();
        for (KubeObject o : this.objects) {
            // Later objects with the same identity replace earlier ones, as a second kubectl apply would.
            index.computeIfAbsent(o.kind(), k -> new LinkedHashMap<>()).put(key(o.namespace(), o.name()), o);
        }
        this.byKind = index;
    }

    private static String key(String namespace, String name) {
        return namespace + "/" + name;
    }

    public List<KubeObject> objects() {
        return objects;
    }

    public List<KubeObject> ofKind(String kind) {
        Map<String, KubeObject> m = byKind.get(kind);
        return m == null ? List.of() : List.copyOf(m.values());
    }

    public Optional<KubeObject> find(String kind, String namespace, String name) {
        Map<String, KubeObject> m = byKind.get(kind);
        return m == null ? Optional.empty() : Optional.ofNullable(m.get(key(namespace, name)));
    }

    /** Identity and content only; the {@code source} of an object does not make snapshots differ. */
    @Override
    public boolean equals(Object other) {
        return other instanceof ResourceSnapshot s && contentOf(this).equals(contentOf(s));
    }

    @Override
    public int hashCode() {
        return contentOf(this).hashCode();
    }

    private static List<List<Object>> contentOf(ResourceSnapshot s) {
        return s.objects.stream().map(o -> List.<Object>of(o.kind(), o.namespace(), o.name(), o.document())).toList();
    }
}
