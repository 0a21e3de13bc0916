package io.jetway.translate.crd;

import io.jetway.dynamic.RouterConfig;
import io.jetway.dynamic.ServiceConfig;
import io.jetway.dynamic.TlsCertificate;
import io.jetway.kube.KubeObject;
import io.jetway.kube.Problem;
import io.jetway.kube.ResourceSnapshot;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The previous translation's output per IngressRoute, so that a reload translates again only the
 * IngressRoutes whose inputs changed. An entry records what the IngressRoute read (its own document
 * and the Services, EndpointSlices and Endpoints it resolved) and what it wrote (routers, services,
 * problems, certificates, in order); while all it read is unchanged, and the objects every route
 * may read (ServersTransports, TLSOptions, TLSStores, Secrets, Nodes) are too, replaying what it
 * wrote gives the configuration a translation from scratch gives. An IngressRoute whose
 * translation depends on the others (parentRefs, a Service shared by weighted routes) or reports
 * an endpoint problem is translated every time. Used by one pipeline at a time.
 */
public final class CrdTranslationCache {

    /** What one IngressRoute's translation read and wrote. */
    record Entry(String key, KubeObject object, List<ServiceRead> reads, List<Map.Entry<String, RouterConfig>> routers,
                 List<Map.Entry<String, ServiceConfig>> services, List<Problem> problems,
                 List<TlsCertificate> certificates) {
    }

    /** A Service by namespace and name. */
    record ServiceKey(String namespace, String name) {
    }

    /** A Service as a route resolved it: the Service, its EndpointSlices and its Endpoints as they were. */
    record ServiceRead(String namespace, String name, KubeObject service, List<KubeObject> slices, KubeObject endpoints) {

        static ServiceRead of(ResourceSnapshot resources, String namespace, String name) {
            return new ServiceRead(namespace, name, resources.find("Service", namespace, name).orElse(null),
                    resources.endpointSlicesOf(namespace, name), resources.find("Endpoints", namespace, name).orElse(null));
        }

        ServiceKey key() {
            return new ServiceKey(namespace, name);
        }

        boolean unchangedIn(ResourceSnapshot resources) {
            return same(service, resources.find("Service", namespace, name).orElse(null))
                    && same(endpoints, resources.find("Endpoints", namespace, name).orElse(null))
                    && same(slices, resources.endpointSlicesOf(namespace, name));
        }
    }

    private CrdOptions options;
    private List<KubeObject> context = List.of();
    private Map<String, Entry> entries = new HashMap<>();
    private Map<KubeObject, List<String>> unknownFields = new IdentityHashMap<>();
    /** The usable entries of the translation going on, by IngressRoute object. */
    private Map<KubeObject, Entry> usableByObject = Map.of();
    private Map<KubeObject, Entry> byObject = new IdentityHashMap<>();
    /** The snapshot the last translation read ({@link ResourceSnapshot#lineage()}). */
    private Object lastLineage;
    /**
     * The Services whose Service, Endpoints or EndpointSlices changed since the last translation,
     * or null when that is not known (then every read is checked).
     */
    private Set<ServiceKey> touched;
    private int translated;
    private int reused;

    /** How many IngressRoutes the last translation translated anew. */
    public int translated() {
        return translated;
    }

    /** How many IngressRoutes the last translation took from the one before. */
    public int reused() {
        return reused;
    }

    /** The objects every IngressRoute may read; a change in them makes every entry stale. */
    static List<KubeObject> contextOf(ResourceSnapshot resources) {
        List<KubeObject> context = new ArrayList<>();
        for (String kind : List.of("ServersTransport", "TLSOption", "TLSStore", "Secret", "Node")) {
            context.addAll(resources.ofKind(kind));
        }
        return context;
    }

    /** A translation with these options and context starts; returns the entries it may reuse. */
    Map<String, Entry> begin(CrdOptions options, List<KubeObject> context, ResourceSnapshot resources) {
        boolean same = Objects.equals(options, this.options) && same(context, this.context);
        Map<String, Entry> usable = same ? entries : Map.of();
        usableByObject = same ? byObject : Map.of();
        touched = touchedServices(resources.replacedSince(lastLineage));
        lastLineage = resources.lineage();
        this.options = options;
        this.context = context;
        this.entries = new HashMap<>(entries.size() * 4 / 3 + 16);
        this.byObject = new IdentityHashMap<>(entries.size() * 4 / 3 + 16);
        translated = 0;
        reused = 0;
        return usable;
    }

    /** The last translation's entry of this IngressRoute, when it is the same object as then. */
    Entry previousOf(KubeObject ingressRoute) {
        return usableByObject.get(ingressRoute);
    }

    /**
     * Whether the Services, Endpoints and EndpointSlices the entry read are the same now. When
     * this snapshot was made from the last one by replacing a few objects, only the reads of the
     * Services those touch are looked up again (most IngressRoutes are then checked for nothing).
     */
    boolean readsUnchanged(Entry entry, ResourceSnapshot resources) {
        if (touched == null) {
            return entry.reads().stream().allMatch(read -> read.unchangedIn(resources));
        }
        if (touched.isEmpty()) {
            return true;
        }
        for (ServiceRead read : entry.reads()) {
            if (touched.contains(read.key()) && !read.unchangedIn(resources)) {
                return false;
            }
        }
        return true;
    }

    /** The Services the replaced objects belong to; null when the replacements are not known. */
    private static Set<ServiceKey> touchedServices(List<KubeObject> replaced) {
        if (replaced == null) {
            return null;
        }
        Set<ServiceKey> touched = new HashSet<>();
        for (KubeObject o : replaced) {
            switch (o.kind()) {
                case "Service", "Endpoints" -> touched.add(new ServiceKey(o.namespace(), o.name()));
                case "EndpointSlice" -> touched.add(new ServiceKey(o.namespace(), ResourceSnapshot.serviceOf(o)));
                default -> {
                    // Not read through a ServiceRead: IngressRoutes compare their own object; the
                    // kinds every route reads are compared as the context.
                }
            }
        }
        return touched;
    }

    void keep(String key, Entry entry, boolean fresh) {
        entries.put(key, entry);
        byObject.put(entry.object(), entry);
        if (fresh) {
            translated++;
        } else {
            reused++;
        }
    }

    void translatedUncached() {
        translated++;
    }

    /** The unknown-field findings of the last translation, by object: an object seen again is not walked again. */
    Map<KubeObject, List<String>> unknownFieldsBefore() {
        Map<KubeObject, List<String>> before = unknownFields;
        unknownFields = new IdentityHashMap<>(before.size() + 16);
        return before;
    }

    void unknownFields(KubeObject object, List<String> fields) {
        unknownFields.put(object, fields);
    }

    static boolean same(KubeObject a, KubeObject b) {
        return a == b || a != null && b != null && a.apiVersion().equals(b.apiVersion()) && a.kind().equals(b.kind())
                && Objects.equals(a.namespace(), b.namespace()) && a.name().equals(b.name()) && a.document().equals(b.document());
    }

    static boolean same(List<KubeObject> a, List<KubeObject> b) {
        if (a == b) {
            return true;
        }
        if (a.size() != b.size()) {
            return false;
        }
        for (int i = 0; i < a.size(); i++) {
            if (!same(a.get(i), b.get(i))) {
                return false;
            }
        }
        return true;
    }
}
