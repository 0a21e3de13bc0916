package io.jetway.kube;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

/** A snapshot with objects replaced in place reads exactly as a snapshot built afresh from the new objects. */
class ResourceSnapshotReplaceTest {

    private static final String[] KINDS = {"Service", "EndpointSlice", "IngressRoute"};

    private static int versionOf(KubeObject o) {
        return o.root().get("spec").get("v").integer(0);
    }

    private static KubeObject object(String kind, String ns, String name, String service, int version) {
        Map<String, Object> metadata = kind.equals("EndpointSlice")
                ? Map.of("name", name, "namespace", ns, "labels", Map.of(ResourceSnapshot.SERVICE_NAME_LABEL, service))
                : Map.of("name", name, "namespace", ns);
        return new KubeObject("v1", kind, ns, name, Map.of("kind", kind, "metadata", metadata, "spec", Map.of("v", version)),
                "test");
    }

    @Test
    void chainsOfReplacementsReadAsAFreshSnapshot() {
        Random random = new Random(18);
        List<KubeObject> objects = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            String kind = KINDS[i % 3];
            objects.add(object(kind, "ns" + (i % 4), "o" + (i / 3), "svc" + (i / 6), 0));
        }
        ResourceSnapshot snapshot = new ResourceSnapshot(objects);
        for (int round = 1; round <= 200; round++) {
            List<KubeObject> before = new ArrayList<>();
            List<KubeObject> after = new ArrayList<>();
            for (int n = 1 + random.nextInt(3); n > 0; n--) {
                int at = random.nextInt(objects.size());
                KubeObject old = objects.get(at);
                if (before.contains(old) || after.contains(old)) {
                    continue; // picked twice in one round
                }
                String service = old.kind().equals("EndpointSlice")
                        ? old.root().get("metadata").get("labels").get(ResourceSnapshot.SERVICE_NAME_LABEL).string("") : "";
                // Now and then the same document parsed again: an equal object, not the same one.
                KubeObject changed = object(old.kind(), old.namespace(), old.name(), service,
                        random.nextInt(4) == 0 ? versionOf(old) : round);
                before.add(old);
                after.add(changed);
                objects.set(at, changed);
            }
            ResourceSnapshot parent = snapshot;
            snapshot = snapshot.withReplaced(before, after);
            ResourceSnapshot fresh = new ResourceSnapshot(objects);
            assertEquals(fresh, snapshot);
            // Parent and child compare only the replaced objects; the answer is the full comparison's.
            boolean sameDocuments = new ResourceSnapshot(parent.objects()).equals(fresh);
            assertEquals(sameDocuments, snapshot.equals(parent));
            assertEquals(sameDocuments, parent.equals(snapshot));
            assertEquals(List.of(), snapshot.replacedSince(snapshot.lineage()));
            assertEquals(after, snapshot.replacedSince(parent.lineage()));
            assertEquals(null, snapshot.replacedSince(fresh.lineage()));
            assertEquals(fresh.objects(), snapshot.objects());
            for (String kind : KINDS) {
                assertEquals(fresh.ofKind(kind), snapshot.ofKind(kind));
            }
            for (KubeObject o : objects) {
                assertSame(o, snapshot.find(o.kind(), o.namespace(), o.name()).orElseThrow());
                if (o.kind().equals("Service")) {
                    assertEquals(fresh.endpointSlicesOf(o.namespace(), "svc" + o.name().substring(1)),
                            snapshot.endpointSlicesOf(o.namespace(), "svc" + o.name().substring(1)));
                }
            }
            for (int s = 0; s < 60; s++) {
                for (int ns = 0; ns < 4; ns++) {
                    assertEquals(fresh.endpointSlicesOf("ns" + ns, "svc" + s), snapshot.endpointSlicesOf("ns" + ns, "svc" + s));
                }
            }
        }
    }

    @Test
    void objectsThatDoNotPairUpAreRefused() {
        KubeObject a = object("Service", "ns", "a", "", 0);
        KubeObject slice = object("EndpointSlice", "ns", "s", "a", 0);
        ResourceSnapshot snapshot = new ResourceSnapshot(List.of(a, slice));

        assertNull(snapshot.withReplaced(List.of(a), List.of(object("Service", "ns", "b", "", 1))), "another name");
        assertNull(snapshot.withReplaced(List.of(a), List.of()), "an object removed");
        assertNull(snapshot.withReplaced(List.of(slice), List.of(object("EndpointSlice", "ns", "s", "other", 1))),
                "a slice moved to another Service");
        assertNull(snapshot.withReplaced(List.of(object("Service", "ns", "a", "", 0)), List.of(object("Service", "ns", "a", "", 1))),
                "an equal object that is not the snapshot's own");
    }
}
