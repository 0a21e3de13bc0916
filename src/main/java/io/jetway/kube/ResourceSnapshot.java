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
    /**
     * Objects put in place of others of the same identity since the indexes above were built
     * ({@link #withReplaced}), by kind: read before them. Empty for a snapshot built afresh.
     */
    private final Map<String, Map<Key, KubeObject>> replacedByKind;
    /** The EndpointSlice lists of the Services whose slices were replaced, read before {@link #slicesByService}. */
    private final Map<Key, List<KubeObject>> replacedSlices;
    /** How many objects were replaced since the indexes were built; past a bound, a replacement builds afresh. */
    private final int replaced;
    /** Stands for this snapshot in {@link #replacedSince}, without holding on to it. */
    private final Object lineage = new Object();
    /** The lineage of the snapshot this one was made from by {@link #withReplaced}, or null. */
    private final Object parentLineage;
    /** The objects that replacement put in place. */
    private final List<KubeObject> lastReplaced;

    /**
     * Replacements kept apart from the indexes before a snapshot is built afresh instead; until
     * then the indexes still hold the replaced objects (at most this many, a few MiB).
     */
    private static final int MAX_REPLACED = 2048;

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
            String service = serviceOf(slice);
            if (!service.isEmpty()) {
                slices.computeIfAbsent(new Key(slice.namespace(), service), k -> new ArrayList<>()).add(slice);
            }
        }
        slices.replaceAll((k, v) -> List.copyOf(v));
        this.slicesByService = slices;
        this.replacedByKind = Map.of();
        this.replacedSlices = Map.of();
        this.replaced = 0;
        this.parentLineage = null;
        this.lastReplaced = List.of();
    }

    private ResourceSnapshot(List<KubeObject> objects, List<Problem> problems, Map<String, Map<Key, KubeObject>> byKind,
                             Map<String, List<KubeObject>> listsByKind, Map<Key, List<KubeObject>> slicesByService,
                             Map<String, Map<Key, KubeObject>> replacedByKind, Map<Key, List<KubeObject>> replacedSlices,
                             int replaced, Object parentLineage, List<KubeObject> lastReplaced) {
        this.parentLineage = parentLineage;
        this.lastReplaced = lastReplaced;
        this.objects = objects;
        this.problems = problems;
        this.byKind = byKind;
        this.listsByKind = listsByKind;
        this.slicesByService = slicesByService;
        this.replacedByKind = replacedByKind;
        this.replacedSlices = replacedSlices;
        this.replaced = replaced;
    }

    /**
     * This snapshot with each object of {@code before} replaced by the object at the same place in
     * {@code after}, which must have the same kind, namespace and name (and, for an EndpointSlice,
     * the same Service): a file edited in place. The indexes are not built again (a snapshot of
     * 30,000 objects costs tens of milliseconds to index), so the result is the snapshot a full
     * build of the new objects gives, for the price of the replaced ones.
     *
     * @return the new snapshot, or null when the objects do not pair up so, or when a {@code before}
     * object is not one of this snapshot's (then build afresh)
     */
    public ResourceSnapshot withReplaced(List<KubeObject> before, List<KubeObject> after) {
        if (before.size() != after.size() || replaced + before.size() > MAX_REPLACED) {
            return null;
        }
        if (before.isEmpty()) {
            return this;
        }
        Map<KubeObject, KubeObject> swap = new java.util.IdentityHashMap<>();
        for (int i = 0; i < before.size(); i++) {
            KubeObject a = before.get(i);
            KubeObject b = after.get(i);
            if (!a.kind().equals(b.kind()) || !Objects.equals(a.namespace(), b.namespace()) || !Objects.equals(a.name(), b.name())
                    || a.kind().equals("EndpointSlice") && !serviceOf(a).equals(serviceOf(b))
                    || find(a.kind(), a.namespace(), a.name()).orElse(null) != a || swap.put(a, b) != null) {
                return null;
            }
        }
        // Every object find gives is in the list (the index is built from it), so each is replaced there.
        List<KubeObject> nextObjects = replaced(objects, swap);
        Map<String, List<KubeObject>> nextLists = new HashMap<>(listsByKind);
        Map<String, Map<Key, KubeObject>> nextReplaced = new HashMap<>(replacedByKind);
        Map<Key, List<KubeObject>> nextSlices = new HashMap<>(replacedSlices);
        for (KubeObject b : after) {
            nextReplaced.compute(b.kind(), (k, m) -> m == null ? new HashMap<>() : new HashMap<>(m)).put(new Key(b.namespace(), b.name()), b);
        }
        for (String kind : after.stream().map(KubeObject::kind).distinct().toList()) {
            nextLists.put(kind, List.copyOf(replaced(listsByKind.get(kind), swap)));
        }
        for (KubeObject b : after) {
            if (b.kind().equals("EndpointSlice") && !serviceOf(b).isEmpty()) {
                Key service = new Key(b.namespace(), serviceOf(b));
                nextSlices.put(service, List.copyOf(replaced(endpointSlicesOf(b.namespace(), serviceOf(b)), swap)));
            }
        }
        return new ResourceSnapshot(List.copyOf(nextObjects), problems, byKind, nextLists, slicesByService,
                nextReplaced, nextSlices, replaced + before.size(), lineage, List.copyOf(after));
    }

    /** A token standing for this snapshot (without keeping it reachable), for {@link #replacedSince}. */
    public Object lineage() {
        return lineage;
    }

    /**
     * The objects put in place of others (same kind, namespace and name) when this snapshot was
     * made by {@link #withReplaced} from the snapshot whose {@link #lineage()} is {@code earlier}:
     * every other object is the same as there. Empty for that snapshot itself; null for any other
     * (then anything may differ).
     */
    public List<KubeObject> replacedSince(Object earlier) {
        if (earlier == null) {
            return null;
        }
        return earlier == lineage ? List.of() : earlier == parentLineage ? lastReplaced : null;
    }

    /** A copy of the list with the objects swap maps replaced (by identity). */
    private static List<KubeObject> replaced(List<KubeObject> list, Map<KubeObject, KubeObject> swap) {
        List<KubeObject> out = new ArrayList<>(list);
        int found = 0;
        for (int i = 0; i < out.size() && found < swap.size(); i++) {
            KubeObject b = swap.get(out.get(i));
            if (b != null) {
                out.set(i, b);
                found++;
            }
        }
        return out;
    }

    /** The Service an EndpointSlice belongs to (its {@value #SERVICE_NAME_LABEL} label), or empty. */
    public static String serviceOf(KubeObject slice) {
        return slice.root().get("metadata").get("labels").get(SERVICE_NAME_LABEL).string("");
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
        Key key = new Key(namespace, service);
        if (!replacedSlices.isEmpty()) {
            List<KubeObject> slices = replacedSlices.get(key);
            if (slices != null) {
                return slices;
            }
        }
        return slicesByService.getOrDefault(key, List.of());
    }

    public Optional<KubeObject> find(String kind, String namespace, String name) {
        if (!replacedByKind.isEmpty()) {
            Map<Key, KubeObject> replacements = replacedByKind.get(kind);
            KubeObject o = replacements == null ? null : replacements.get(new Key(namespace, name));
            if (o != null) {
                return Optional.of(o);
            }
        }
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
        // One made from the other by replacing objects: only the replaced ones can differ.
        if (s.parentLineage == lineage) {
            return sameAsTheirs(s.lastReplaced);
        }
        if (parentLineage == s.lineage) {
            return s.sameAsTheirs(lastReplaced);
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

    /** Whether these objects (replacements of this snapshot's) have the same documents as the ones they replaced. */
    private boolean sameAsTheirs(List<KubeObject> replacements) {
        for (KubeObject b : replacements) {
            KubeObject a = find(b.kind(), b.namespace(), b.name()).orElse(null);
            if (a == null || a != b && !a.document().equals(b.document())) {
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
