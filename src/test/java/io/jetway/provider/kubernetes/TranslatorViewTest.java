package io.jetway.provider.kubernetes;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What translation reads of an object: status only where nobody else writes it. */
class TranslatorViewTest {

    private static final Map<String, Object> DOCUMENT = Map.of(
            "metadata", Map.of("name", "a", "resourceVersion", "7", "managedFields", List.of()),
            "spec", Map.of("hostnames", List.of("a.example.com")),
            "status", Map.of("parents", List.of(Map.of("controllerName", "traefik.io/gateway-controller"))));

    @Test
    void aStatusJetwayWritesIsNotInput() {
        for (WatchedKind kind : WatchedKind.gateway(true)) {
            if (!kind.isGatewayApi()) {
                continue; // Namespaces and ConfigMaps, read for listeners and BackendTLSPolicies: no status Jetway writes
            }
            Map<String, Object> view = KubernetesProvider.translatorView(kind, DOCUMENT);
            assertFalse(view.containsKey("status"), kind.kind() + ": a status write would translate everything again");
            assertEquals(Map.of("name", "a"), view.get("metadata"), kind.kind());
            assertEquals(DOCUMENT.get("spec"), view.get("spec"), kind.kind());
        }
    }

    @Test
    void aStatusOthersWriteStaysInput() {
        // A Node's addresses (layer-4 nativeLB) and a Service's load balancer are read from status.
        WatchedKind node = WatchedKind.CORE.stream().filter(k -> k.kind().equals("Node")).findFirst().orElseThrow();
        assertTrue(KubernetesProvider.translatorView(node, DOCUMENT).containsKey("status"));
    }
}
