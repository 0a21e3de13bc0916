package io.jetway.translate.crd;

import io.jetway.dynamic.RouterConfig;
import io.jetway.dynamic.ServiceConfig;
import io.jetway.dynamic.TlsCertificate;
import io.jetway.kube.KubeObject;
import io.jetway.kube.Problem;
import io.jetway.kube.ResourceSnapshot;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

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
    record Entry(KubeObject object, List<ServiceRead> reads, List<Map.Entry<String, RouterConfig>> routers,
                 List<Map.Entry<String, ServiceConfig>> services, List<Problem> problems,
                 List<TlsCertificate> certificates) {
    }

    /** A Service as a route resolved it: the Service, its EndpointSlices and its Endpoints as they were. */
    record ServiceRead(String namespace, String name, KubeObject service, List<KubeObject> slices, KubeObject endpoints) {

        static ServiceRead of(ResourceSnapshot resources, String namespace, String name) {
            return new ServiceRead(namespace, name, resources.find("Service", namespace, name).orElse(null),
                    resources.endpointSlicesOf(namespace, name), resources.find("Endpoints", namespace, name).orElse(null));
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
    Map<String, Entry> begin(CrdOptions options, List<KubeObject> context) {
        Map<String, Entry> usable = Objects.equals(options, this.options) && same(context, this.context) ? entries : Map.of();
        this.options = options;
        this.context = context;
        this.entries = new HashMap<>(entries.size() * 4 / 3 + 16);
        translated = 0;
        reused = 0;
        return usable;
    }

    void keep(String key, Entry entry, boolean fresh) {
        entries.put(key, entry);
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
