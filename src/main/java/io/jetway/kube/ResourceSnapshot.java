package io.jetway.kube;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.BiFunction;

/**
 * An immutable set of Kubernetes-shaped objects from one provider, indexed by kind, namespace and
 * name. Equal snapshots mean equal inputs, which lets the pipeline skip a rebuild.
 */
public final class ResourceSnapshot {

    public static final ResourceSnapshot EMPTY = new ResourceSnapshot(List.of());

    /** The label that ties an EndpointSlice to its Service. */
    public static final String SERVICE_NAME_LABEL = "kubernetes.io/service-name";

    private final List<KubeObject> objects;
    /** What the provider found wrong with its input, tied to objects (two files defining one object). */
    private final List<Problem> problems;
    private final Map<String, Map<Key, KubeObject>> byKind;
    private final Map<String, List<KubeObject>> listsByKind;
    /** EndpointSlices by namespace/service: each Service's look-up is then one map read, not a scan. */
    private final Map<Key, List<KubeObject>> slicesByService;

    public ResourceSnapshot(List<KubeObject> objects) {
        this(objects, List.of());
    }

    /** @param problems the provider's own findings, added to the translation's problems */
    public ResourceSnapshot(List<KubeObject> objects, List<Problem> problems) {
        this(objects, problems, null);
    }

    /**
     * The objects with the first definition of each identity kept (kind, namespace and name, as
     * the index keys them) and every later one reported as {@code duplicate.apply(later, earlier)}
     * after {@code problems}: one pass over the objects where a separate check would hash them twice.
     */
    public static ResourceSnapshot firstDefinitionsWin(List<KubeObject> objects, List<Problem> problems,
                                                       BiFunction<KubeObject, KubeObject, Problem> duplicate) {
        return new ResourceSnapshot(objects, problems, duplicate);
    }

    private ResourceSnapshot(List<KubeObject> objects, List<Problem> problems, BiFunction<KubeObject, KubeObject, Problem> duplicate) {
        Map<String, Integer> perKind = new HashMap<>();
        for (KubeObject o : objects) {
            perKind.merge(o.kind(), 1, Integer::sum);
        }
        Map<String, Map<Key, KubeObject>> index = new HashMap<>();
        List<KubeObject> kept = duplicate == null ? null : new ArrayList<>(objects.size());
        List<Problem> found = duplicate == null ? problems : new ArrayList<>(problems);
        for (KubeObject o : objects) {
            Map<Key, KubeObject> ofKind = index.computeIfAbsent(o.kind(), k -> new LinkedHashMap<>(perKind.get(k) * 4 / 3 + 16));
            Key key = new Key(o.namespace(), o.name());
            if (duplicate == null) {
                // Later objects with the same identity replace earlier ones, as a second kubectl apply would.
                ofKind.put(key, o);
                continue;
            }
            KubeObject earlier = ofKind.putIfAbsent(key, o);
            if (earlier == null) {
                kept.add(o);
            } else {
                found.add(duplicate.apply(o, earlier));
            }
        }
        this.objects = List.copyOf(duplicate == null ? objects : kept);
        this.problems = List.copyOf(found);
        this.byKind = index;
        Map<String, List<KubeObject>> lists = new HashMap<>();
        index.forEach((kind, m) -> lists.put(kind, List.copyOf(m.values())));
        this.listsByKind = lists;
        Map<Key, List<KubeObject>> slices = new HashMap<>();
        for (KubeObject slice : lists.getOrDefault("EndpointSlice", List.of())) {
            String service = slice.root().get("metadata").get("labels").get(SERVICE_NAME_LABEL).string("");
            if (!service.isEmpty()) {
                slices.computeIfAbsent(new Key(slice.namespace(), service), k -> new ArrayList<>()).add(slice);
            }
        }
        slices.replaceAll((k, v) -> List.copyOf(v));
        this.slicesByService = slices;
    }

    /** An object's namespace and name: hashed from the two strings, whose hashes they keep, instead of a string built per object. */
    private record Key(String namespace, String name) {
    }

    public List<KubeObject> objects() {
        return objects;
    }

    public List<Problem> problems() {
        return problems;
    }

    public List<KubeObject> ofKind(String kind) {
        return listsByKind.getOrDefault(kind, List.of());
    }

    /** The EndpointSlices labelled as the given Service's. */
    public List<KubeObject> endpointSlicesOf(String namespace, String service) {
        return slicesByService.getOrDefault(new Key(namespace, service), List.of());
    }

    public Optional<KubeObject> find(String kind, String namespace, String name) {
        Map<Key, KubeObject> m = byKind.get(kind);
        return m == null ? Optional.empty() : Optional.ofNullable(m.get(new Key(namespace, name)));
    }

    /**
     * Identity and content only; the {@code source} of an object does not make snapshots differ.
     * Objects a provider kept from its previous snapshot are the same instances: compared without
     * walking their documents.
     */
    @Override
    public boolean equals(Object other) {
        if (!(other instanceof ResourceSnapshot s) || s.objects.size() != objects.size() || !problems.equals(s.problems)) {
            return false;
        }
        for (int i = 0; i < objects.size(); i++) {
            KubeObject a = objects.get(i);
            KubeObject b = s.objects.get(i);
            if (a != b && !(a.kind().equals(b.kind()) && Objects.equals(a.namespace(), b.namespace())
                    && Objects.equals(a.name(), b.name()) && a.document().equals(b.document()))) {
                return false;
            }
        }
        return true;
    }

    @Override
    public int hashCode() {
        int hash = problems.hashCode();
        for (KubeObject o : objects) {
            hash = hash * 31 + Objects.hash(o.kind(), o.namespace(), o.name(), o.document());
        }
        return hash;
    }
}
