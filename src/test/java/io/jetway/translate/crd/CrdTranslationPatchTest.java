package io.jetway.translate.crd;

import io.jetway.dynamic.DynamicConfig;
import io.jetway.kube.KubeObject;
import io.jetway.kube.ResourceSnapshot;
import io.jetway.provider.file.ManifestReader;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A snapshot made from the last one by replacing a few objects (a manifest edited in place)
 * translates only the IngressRoutes those objects touch, patched into the last translation's
 * part, and gives exactly what a translation from scratch gives; anything a patch cannot take
 * goes over every IngressRoute again.
 */
class CrdTranslationPatchTest {

    private static final int APPS = 6;

    private final CrdTranslationCache cache = new CrdTranslationCache();
    private List<List<KubeObject>> apps;
    /** The first snapshot, translated with the cache: every IngressRoute translated. */
    private ResourceSnapshot first;

    @BeforeEach
    void firstTranslation() {
        apps = apps();
        first = snapshot(apps);
        translate(first);
    }

    private static List<KubeObject> read(String yaml) {
        try {
            return ManifestReader.read("test.yaml", yaml).objects();
        } catch (ManifestReader.ManifestException e) {
            throw new AssertionError(e);
        }
    }

    private static String route(int i, String host, String extra) {
        return """
                apiVersion: traefik.io/v1alpha1
                kind: IngressRoute
                metadata: {name: r%d, namespace: default}
                spec:
                %s  routes:
                    - {match: "Host(`%s`)", services: [{name: s%d, port: 80}]}
                """.formatted(i, extra, host, i);
    }

    private static String service(int i) {
        return """
                apiVersion: v1
                kind: Service
                metadata: {name: s%d, namespace: default}
                spec: {ports: [{name: web, port: 80}]}
                """.formatted(i);
    }

    private static String slice(int i, String address) {
        return """
                apiVersion: discovery.k8s.io/v1
                kind: EndpointSlice
                metadata: {name: s%1$d-x, namespace: default, labels: {kubernetes.io/service-name: s%1$d}}
                addressType: IPv4
                endpoints: [{addresses: [%2$s], conditions: {ready: true}}]
                ports: [{name: web, port: 8080}]
                """.formatted(i, address);
    }

    /** Translates with the cache and checks the result against a translation from scratch. */
    private DynamicConfig translate(ResourceSnapshot snapshot) {
        DynamicConfig patched = CrdTranslator.translate(snapshot, CrdOptions.DEFAULTS, cache);
        DynamicConfig scratch = CrdTranslator.translate(snapshot, CrdOptions.DEFAULTS);
        assertEquals(scratch.routers(), patched.routers());
        assertEquals(scratch.services(), patched.services());
        assertEquals(scratch.problems(), patched.problems());
        assertEquals(scratch, patched);
        return patched;
    }

    private List<List<KubeObject>> apps() {
        List<List<KubeObject>> apps = new ArrayList<>();
        for (int i = 0; i < APPS; i++) {
            apps.add(List.of(read(route(i, "app" + i + ".test", "")).get(0), read(service(i)).get(0),
                    read(slice(i, "10.0.0." + (i + 1))).get(0)));
        }
        return apps;
    }

    private static ResourceSnapshot snapshot(List<List<KubeObject>> apps) {
        return new ResourceSnapshot(apps.stream().flatMap(List::stream).toList());
    }

    @Test
    void anEditedIngressRouteOrEndpointSliceIsPatchedIn() {
        assertFalse(cache.patched(), "a first translation goes over everything");

        KubeObject moved = read(route(2, "moved.test", "")).get(0);
        ResourceSnapshot second = first.withReplaced(List.of(apps.get(2).get(0)), List.of(moved));
        DynamicConfig config = translate(second);
        assertTrue(cache.patched());
        assertEquals(1, cache.translated());
        assertEquals(APPS - 1, cache.reused());
        assertTrue(config.routers().values().stream().anyMatch(r -> r.rule().equals("Host(`moved.test`)")));

        KubeObject slice = read(slice(4, "10.9.9.9")).get(0);
        ResourceSnapshot third = second.withReplaced(List.of(apps.get(4).get(2)), List.of(slice));
        config = translate(third);
        assertTrue(cache.patched());
        assertEquals(1, cache.translated(), "only the IngressRoute that reads the Service");
        assertTrue(config.services().toString().contains("10.9.9.9:8080"));
    }

    @Test
    void anUnknownFieldAppearingInAPatchIsReportedInPlace() {
        KubeObject bogus = read(route(1, "app1.test", "  bogusField: 1\n")).get(0);
        DynamicConfig config = translate(first.withReplaced(List.of(apps.get(1).get(0)), List.of(bogus)));
        assertTrue(config.problems().stream().anyMatch(p -> p.text().contains("spec.bogusField: unknown field")),
                config.problems().toString());
    }

    @Test
    void anotherIngressRoutesMatchIsPatchedButARouteWithAProblemIsNot() {
        // r3's route now has r0's match: distinct names (the name hashes the IngressRoute), so still a patch.
        KubeObject same = read(route(3, "app0.test", "")).get(0);
        ResourceSnapshot second = first.withReplaced(List.of(apps.get(3).get(0)), List.of(same));
        translate(second);
        assertTrue(cache.patched());
        // A route with a problem (its Service port does not exist) cannot be patched in.
        KubeObject broken = read(route(5, "app5.test", "").replace("port: 80", "port: 99")
                .replace("app5.test", "app5b.test")).get(0);
        translate(second.withReplaced(List.of(apps.get(5).get(0)), List.of(broken)));
        assertFalse(cache.patched());
    }
}
