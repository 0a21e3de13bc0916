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

    /**
     * A translation with these options and context starts; returns the entries it may reuse.
     * Then either {@link #patch} takes, or {@link #restart()} starts the entries afresh.
     */
    Map<String, Entry> begin(CrdOptions options, List<KubeObject> context, ResourceSnapshot resources) {
        sameInputs = Objects.equals(options, this.options) && same(context, this.context);
        Map<String, Entry> usable = sameInputs ? entries : Map.of();
        usableByObject = sameInputs ? byObject : Map.of();
        replaced = resources.replacedSince(lastLineage);
        touched = touchedServices(replaced);
        lastLineage = resources.lineage();
        this.options = options;
        this.context = context;
        translated = 0;
        reused = 0;
        patched = false;
        return usable;
    }

    /** Every IngressRoute is about to be translated or replayed in order: the entries start afresh. */
    void restart() {
        this.entries = new HashMap<>(entries.size() * 4 / 3 + 16);
        this.byObject = new IdentityHashMap<>(entries.size() * 4 / 3 + 16);
        section = null;
        readers = null;
        uncached = 0;
        ordered.clear();
    }

    // ---- The IngressRoutes' section, patched in place --------------------------------------------

    /**
     * What the IngressRoutes wrote in the last translation, when it can be patched: every
     * IngressRoute had an entry, no two wrote the same router or service, and none wrote a service
     * another kind wrote. Then a change that replaced a few objects translates only the
     * IngressRoutes that read them, in place (see {@link #patch}); null otherwise.
     */
    static final class Section {
        final java.util.TreeMap<String, RouterConfig> routers;
        final Map<String, ServiceConfig> services;
        final List<Problem> problems;
        final List<TlsCertificate> certificates;

        Section(java.util.TreeMap<String, RouterConfig> routers, Map<String, ServiceConfig> services,
                List<Problem> problems, List<TlsCertificate> certificates) {
            this.routers = routers;
            this.services = services;
            this.problems = problems;
            this.certificates = certificates;
        }
    }

    private boolean sameInputs;
    private List<KubeObject> replaced;
    private Section section;
    /** The entries (by key) that read each Service; made with the section. */
    private Map<ServiceKey, Set<String>> readers;
    private int uncached;
    private final List<Entry> ordered = new ArrayList<>();

    /**
     * Records the IngressRoutes' part of a full translation as a section a later change may patch,
     * when it is one (see {@link Section}).
     *
     * @param routers        the routers after the IngressRoutes (only they write HTTP routers)
     * @param otherServices  the services other kinds wrote before the IngressRoutes
     * @param problems       the problems the IngressRoutes added, in order
     */
    void recordSection(Map<String, RouterConfig> routers, Set<String> otherServices, List<Problem> problems) {
        section = null;
        if (uncached > 0) {
            return;
        }
        int routerCount = 0;
        Map<String, ServiceConfig> services = new HashMap<>();
        List<TlsCertificate> certificates = new ArrayList<>();
        for (Entry e : ordered) {
            routerCount += e.routers().size();
            for (Map.Entry<String, ServiceConfig> service : e.services()) {
                if (otherServices.contains(service.getKey()) || services.put(service.getKey(), service.getValue()) != null) {
                    return;
                }
            }
            certificates.addAll(e.certificates());
        }
        if (routerCount != routers.size()) {
        }
        section = new Section(new java.util.TreeMap<>(routers), services, List.copyOf(problems), List.copyOf(certificates));
        ordered.clear();
        // Who reads which Service, made now (with the full pass) rather than by the first change.
        readers = new HashMap<>();
        entries.forEach(this::addReader);
    }

    /**
     * The section to patch, or null when this translation must go over every IngressRoute: the
     * inputs every route reads changed, the snapshot was not made from the last one by replacing
     * objects, or another kind now writes a service an IngressRoute writes.
     */
    Section patchable(Set<String> otherServices) {
        if (!sameInputs || replaced == null || section == null) {
            return null;
        }
        for (String name : otherServices) {
            if (section.services.containsKey(name)) {
                return null;
            }
        }
        return section;
    }

    /**
     * The IngressRoutes (as they are now) to translate again: those replaced and those that read a
     * Service whose objects were replaced.
     */
    List<KubeObject> affected() {
        Map<String, KubeObject> affected = new java.util.LinkedHashMap<>();
        for (KubeObject o : replaced) {
            if (o.kind().equals("IngressRoute") && io.jetway.kube.KnownKinds.TRAEFIK_GROUPS.contains(o.group())) {
                affected.put(o.namespace() + "/" + o.name(), o);
            }
        }
        for (ServiceKey service : touched) {
            for (String key : readers.getOrDefault(service, Set.of())) {
                Entry e = entries.get(key);
                affected.putIfAbsent(key, e.object());
            }
        }
        return List.copyOf(affected.values());
    }

    private void addReader(String key, Entry e) {
        e.reads().forEach(read -> readers.computeIfAbsent(read.key(), k -> new HashSet<>()).add(key));
    }

    /**
     * Puts the new entries in place of the old ones of the same IngressRoutes, in the entries and
     * the section, when the result is the one a full translation gives: neither the old nor the
     * new entries have problems or certificates (the section's lists stay as they are) and no new
     * router or service name is another IngressRoute's or another kind's. Changes nothing and
     * returns false otherwise.
     */
    boolean patch(List<Entry> fresh, Set<String> otherServices) {
        List<Entry> old = new ArrayList<>();
        Set<String> freedRouters = new HashSet<>();
        Set<String> freedServices = new HashSet<>();
        for (Entry f : fresh) {
            Entry e = entries.get(f.key());
            if (e == null || !e.problems().isEmpty() || !e.certificates().isEmpty()
                    || !f.problems().isEmpty() || !f.certificates().isEmpty()) {
                return false;
            }
            old.add(e);
            e.routers().forEach(r -> freedRouters.add(r.getKey()));
            e.services().forEach(r -> freedServices.add(r.getKey()));
        }
        Set<String> newRouters = new HashSet<>();
        Set<String> newServices = new HashSet<>();
        for (Entry f : fresh) {
            for (Map.Entry<String, RouterConfig> r : f.routers()) {
                if (section.routers.containsKey(r.getKey()) && !freedRouters.contains(r.getKey()) || !newRouters.add(r.getKey())) {
                    return false;
                }
            }
            for (Map.Entry<String, ServiceConfig> r : f.services()) {
                if (section.services.containsKey(r.getKey()) && !freedServices.contains(r.getKey())
                        || otherServices.contains(r.getKey()) || !newServices.add(r.getKey())) {
                    return false;
                }
            }
        }
        patchedRouters = new HashSet<>(freedRouters);
        patchedRouters.addAll(newRouters);
        patchedServices = new HashSet<>(freedServices);
        patchedServices.addAll(newServices);
        for (Entry e : old) {
            e.routers().forEach(r -> section.routers.remove(r.getKey()));
            e.services().forEach(r -> section.services.remove(r.getKey()));
            byObject.remove(e.object());
            e.reads().forEach(read -> {
                Set<String> keys = readers.get(read.key());
                if (keys != null) {
                    keys.remove(e.key());
                }
            });
        }
        for (Entry f : fresh) {
            f.routers().forEach(r -> section.routers.put(r.getKey(), r.getValue()));
            f.services().forEach(r -> section.services.put(r.getKey(), r.getValue()));
            entries.put(f.key(), f);
            byObject.put(f.object(), f);
            addReader(f.key(), f);
        }
        translated = fresh.size();
        reused = entries.size() - fresh.size();
        patched = true;
        return true;
    }

    private boolean patched;
    private Set<String> patchedRouters = Set.of();
    private Set<String> patchedServices = Set.of();
    private io.jetway.dynamic.DynamicConfig lastOutput;
    private io.jetway.dynamic.ConfigChanges lastChanges;

    /**
     * The configuration the translation made. After a patch, with the services other kinds wrote
     * (made again on every pass), it gives the build the names that may differ from the last one.
     */
    void output(io.jetway.dynamic.DynamicConfig config, Set<String> otherServices) {
        lastChanges = null;
        if (patched && lastOutput != null) {
            Set<String> services = new HashSet<>(patchedServices);
            services.addAll(otherServices);
            lastChanges = new io.jetway.dynamic.ConfigChanges(lastOutput, config, patchedRouters, services);
        }
        lastOutput = config;
    }

    /** The names the last translation changed, relative to the one before; null when it went over everything. */
    public io.jetway.dynamic.ConfigChanges changes() {
        return lastChanges;
    }

    /** Whether the last translation patched the IngressRoutes' section instead of going over every IngressRoute. */
    public boolean patched() {
        return patched;
    }

    /**
     * The snapshot equals the one the last translation read (object by object, as
     * {@link ResourceSnapshot#equals} compares them), so it was not translated: a snapshot made
     * from it by replacing objects can still be patched.
     */
    public void sameAs(ResourceSnapshot resources) {
        lastLineage = resources.lineage();
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
        ordered.add(entry);
        if (fresh) {
            translated++;
        } else {
            reused++;
        }
    }

    void translatedUncached() {
        translated++;
        uncached++;
    }

    /** The unknown-field findings of the last translation, by object: an object seen again is not walked again. */
    Map<KubeObject, List<String>> unknownFieldsBefore() {
        Map<KubeObject, List<String>> before = unknownFields;
        unknownFields = new IdentityHashMap<>(before.size() + 16);
        unknownFound = 0;
        return before;
    }

    void unknownFields(KubeObject object, List<String> fields) {
        unknownFields.put(object, fields);
        if (!fields.isEmpty()) {
            unknownFound++;
        }
    }

    /** How many objects the last pass over every object found unknown fields in. */
    private int unknownFound;

    /**
     * For a patched translation: true when the last pass over every object found no unknown field
     * and none of the objects replaced since has one, so that pass's (empty) findings still hold;
     * the replaced objects are then remembered as checked. False: make the pass again.
     *
     * @param unknownFieldsOf an object's unknown fields, or null for an object whose fields are not checked
     */
    boolean unknownFieldsStillNone(java.util.function.Function<KubeObject, List<String>> unknownFieldsOf) {
        if (unknownFound > 0 || replaced == null) {
            return false;
        }
        Map<KubeObject, List<String>> checked = new IdentityHashMap<>();
        for (KubeObject o : replaced) {
            List<String> fields = unknownFieldsOf.apply(o);
            if (fields != null && !fields.isEmpty()) {
                return false;
            }
            if (fields != null) {
                checked.put(o, fields);
            }
        }
        unknownFields.putAll(checked);
        return true;
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
