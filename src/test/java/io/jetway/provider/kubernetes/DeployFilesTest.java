package io.jetway.provider.kubernetes;

import io.jetway.config.StaticConfig;
import io.jetway.config.StaticConfigParser;
import io.jetway.status.ReadyConditions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * config/ as the real kubectl renders it ({@code kubectl kustomize config/crds} and {@code config/}, what
 * {@code kubectl apply -k} installs) agrees with what the provider reads and writes, and installs a
 * pod the "restricted" Pod Security Standard admits.
 */
class DeployFilesTest {

    private static final List<Map<String, Object>> OBJECTS = new ArrayList<>();

    @BeforeAll
    @SuppressWarnings("unchecked")
    static void load() throws Exception {
        CRDS.addAll(kustomize("config/crds"));
        JETWAY.addAll(kustomize("config"));
        OBJECTS.addAll(CRDS);
        OBJECTS.addAll(JETWAY);
        assertFalse(JETWAY.isEmpty());
    }

    private static final List<Map<String, Object>> CRDS = new ArrayList<>();
    private static final List<Map<String, Object>> JETWAY = new ArrayList<>();

    /** The objects {@code kubectl kustomize DIR} renders (the real binary, as users run it). */
    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> kustomize(String dir) throws Exception {
        // Only the standard output is YAML: warnings (a deprecated field) go to the standard error.
        Path errors = Files.createTempFile("kustomize", ".err");
        Process kubectl = new ProcessBuilder("kubectl", "kustomize", dir).redirectError(errors.toFile()).start();
        String out = new String(kubectl.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        int exit = kubectl.waitFor();
        String err = Files.readString(errors);
        Files.deleteIfExists(errors);
        assertEquals(0, exit, "kubectl kustomize " + dir + " (kustomize v3 or later, as kubectl 1.21+ has):\n" + err);
        List<Map<String, Object>> objects = new ArrayList<>();
        for (Object doc : new Load(LoadSettings.builder().build()).loadAllFromString(out)) {
            if (doc != null) {
                objects.add((Map<String, Object>) doc);
            }
        }
        return objects;
    }

    @Test
    void crdsAreInstalledApartSoThatRemovingJetwayKeepsUsersObjects() {
        assertTrue(JETWAY.stream().noneMatch(o -> "CustomResourceDefinition".equals(o.get("kind"))), "no CRD in config/");
        assertTrue(CRDS.stream().allMatch(o -> "CustomResourceDefinition".equals(o.get("kind"))), "only CRDs in config/crds");
        assertFalse(CRDS.isEmpty());
    }

    @Test
    void theNamespaceIsSetInOnePlaceAndThePodPassesRestricted() throws Exception {
        for (Map<String, Object> o : JETWAY) {
            String kind = (String) o.get("kind");
            boolean clusterScoped = List.of("Namespace", "ClusterRole", "ClusterRoleBinding", "IngressClass", "GatewayClass")
                    .contains(kind);
            assertEquals(clusterScoped ? null : "jetway", map(o, "metadata").get("namespace"), kind + " namespace");
        }
        assertEquals("jetway", list(find("ClusterRoleBinding", "jetway"), "subjects").get(0).get("namespace"));
        assertEquals("restricted", map(map(find("Namespace", "jetway"), "metadata"), "labels").get("pod-security.kubernetes.io/enforce"));
        Map<String, Object> pod = map(map(map(find("Deployment", "jetway"), "spec"), "template"), "spec");
        assertEquals("RuntimeDefault", map(map(pod, "securityContext"), "seccompProfile").get("type"));
        Map<String, Object> container = list(pod, "containers").get(0);
        Map<String, Object> security = map(container, "securityContext");
        assertEquals(true, security.get("runAsNonRoot"));
        assertEquals(false, security.get("allowPrivilegeEscalation"));
        assertEquals(List.of("ALL"), map(security, "capabilities").get("drop"));
        assertEquals(true, security.get("readOnlyRootFilesystem"));
        assertTrue(list(container, "volumeMounts").stream().anyMatch(m -> "/tmp".equals(m.get("mountPath"))),
                "a writable /tmp under the read-only root");
        Map<String, Object> annotations = map(map(map(map(find("Deployment", "jetway"), "spec"), "template"), "metadata"),
                "annotations");
        assertEquals("true", annotations.get("prometheus.io/scrape"));
        assertEquals("8080", annotations.get("prometheus.io/port"));
    }

    @Test
    void jetwayTakesItsOwnIngressClassAndTheOverlayTakesTraefiks() throws Exception {
        assertEquals("jetway", StaticConfigParser.parse(args(JETWAY)).kubernetesIngress().ingressClass());
        List<Map<String, Object>> replacing = kustomize("config/overlays/replace-traefik");
        assertEquals("traefik", StaticConfigParser.parse(args(replacing)).kubernetesIngress().ingressClass());
        assertTrue(replacing.stream().anyMatch(o -> "IngressClass".equals(o.get("kind"))
                && "traefik".equals(map(o, "metadata").get("name"))));
    }

    @SuppressWarnings("unchecked")
    private static String[] args(List<Map<String, Object>> objects) {
        return ((List<String>) container(objects).get("args")).toArray(String[]::new);
    }

    /** The Deployment's container among rendered objects. */
    static Map<String, Object> container(List<Map<String, Object>> objects) {
        Map<String, Object> deployment = objects.stream().filter(o -> "Deployment".equals(o.get("kind"))).findFirst().orElseThrow();
        return list(map(map(map(deployment, "spec"), "template"), "spec"), "containers").get(0);
    }

    @Test
    void everyTraefikKindHasACrdWithStatusAndPrinterColumns() {
        for (String kind : WatchedKind.TRAEFIK_KINDS) {
            Map<String, Object> crd = find("CustomResourceDefinition", kind.toLowerCase() + "s.traefik.io");
            Map<String, Object> spec = map(crd, "spec");
            assertEquals("traefik.io", spec.get("group"));
            assertEquals(kind, map(spec, "names").get("kind"));
            Map<String, Object> version = list(spec, "versions").get(0);
            assertEquals("v1alpha1", version.get("name"));
            assertNotNull(map(version, "subresources").get("status"), kind + " has the status subresource");
            List<Map<String, Object>> columns = list(version, "additionalPrinterColumns");
            assertTrue(columns.stream().anyMatch(c -> "Status".equals(c.get("name"))
                    && ".status.conditions[?(@.type==\"Ready\")].status".equals(c.get("jsonPath"))), kind);
            assertTrue(columns.stream().anyMatch(c -> "Age".equals(c.get("name"))), kind);
        }
    }

    @Test
    void theClusterRoleGrantsWhatTheProviderReadsAndWrites() {
        Map<String, Object> role = find("ClusterRole", "jetway");
        List<WatchedKind> read = new ArrayList<>(KubernetesProvider.kindsFor(true, true, true, true));
        for (WatchedKind kind : read) {
            Set<String> verbs = verbs(role, kind.group(), kind.plural());
            assertTrue(verbs.containsAll(Set.of("get", "list", "watch")), kind + ": " + verbs);
            assertFalse(verbs.contains("update") || verbs.contains("delete"), kind + " is only read: " + verbs);
        }
        for (String group : WatchedKind.TRAEFIK_GROUPS) {
            for (String kind : ReadyConditions.statusKinds()) {
                assertTrue(verbs(role, group, kind.toLowerCase() + "s/status").containsAll(Set.of("update", "patch")), kind);
            }
        }
        assertTrue(verbs(role, "networking.k8s.io", "ingresses/status").contains("update"));
        for (WatchedKind kind : WatchedKind.gateway(true)) {
            if (kind.group().equals("gateway.networking.k8s.io") && !kind.kind().equals("ReferenceGrant")) {
                assertTrue(verbs(role, kind.group(), kind.plural() + "/status").containsAll(Set.of("update", "patch")), kind.toString());
            }
        }
        Map<String, Object> lease = find("Role", "jetway-leader-election");
        assertEquals(Set.of("get", "create", "update"), verbs(lease, "coordination.k8s.io", "leases"));
    }

    @Test
    void theAcmeSecretStorageMayCreateItsSecretAndUpdateOnlyThatOne() {
        Map<String, Object> role = find("Role", "jetway-acme-storage");
        Map<String, Object> binding = find("RoleBinding", "jetway-acme-storage");
        assertEquals(map(role, "metadata").get("namespace"), map(binding, "metadata").get("namespace"),
                "in Jetway's own namespace, where secret:<name> puts the Secret");
        assertEquals("jetway", list(binding, "subjects").get(0).get("name"));
        assertEquals(Set.of("create", "update"), verbs(role, "", "secrets"));
        for (Map<String, Object> rule : list(role, "rules")) {
            if (strings(rule, "verbs").contains("update")) {
                assertEquals(List.of("jetway-acme"), strings(rule, "resourceNames"), "update is limited to the one Secret");
            }
        }
        // Reading it (get, and list/watch for the informer) comes with the ClusterRole.
        assertTrue(verbs(find("ClusterRole", "jetway"), "", "secrets").containsAll(Set.of("get", "list", "watch")));
    }

    @Test
    void theDeploymentRunsTwoReplicasReadyOnPingWithItsNamespace() throws Exception {
        Map<String, Object> deployment = find("Deployment", "jetway");
        assertEquals(2, map(deployment, "spec").get("replicas"));
        Map<String, Object> container = list(map(map(map(deployment, "spec"), "template"), "spec"), "containers").get(0);
        assertEquals("/ping", map(map(container, "readinessProbe"), "httpGet").get("path"));
        assertNotNull(map(map(container, "resources"), "requests").get("memory"));
        assertNotNull(map(map(container, "resources"), "limits").get("memory"));
        assertTrue(list(container, "env").stream().anyMatch(e -> "POD_NAMESPACE".equals(e.get("name"))
                && "metadata.namespace".equals(map(map(e, "valueFrom"), "fieldRef").get("fieldPath"))));
        @SuppressWarnings("unchecked")
        List<String> args = (List<String>) container.get("args");
        StaticConfig config = StaticConfigParser.parse(args.toArray(String[]::new));
        assertTrue(config.kubernetesCrd().enabled());
        assertTrue(config.ping().enabled());
        assertEquals("jetway", map(map(map(deployment, "spec"), "template"), "spec").get("serviceAccountName"));
        assertNotNull(find("ServiceAccount", "jetway"));
        assertEquals("jetway", list(find("ClusterRoleBinding", "jetway"), "subjects").get(0).get("name"));
        assertNotNull(find("PodDisruptionBudget", "jetway"));
        assertEquals("traefik.io/ingress-controller", map(find("IngressClass", "jetway"), "spec").get("controller"));
        assertTrue(config.kubernetesGateway().enabled());
        assertEquals("traefik.io/gateway-controller", map(find("GatewayClass", "jetway"), "spec").get("controllerName"));
    }

    private static Set<String> verbs(Map<String, Object> role, String group, String resource) {
        Set<String> verbs = new HashSet<>();
        for (Map<String, Object> rule : list(role, "rules")) {
            if (strings(rule, "apiGroups").contains(group) && strings(rule, "resources").contains(resource)) {
                verbs.addAll(strings(rule, "verbs"));
            }
        }
        return verbs;
    }

    private static Map<String, Object> find(String kind, String name) {
        return OBJECTS.stream().filter(o -> kind.equals(o.get("kind")) && name.equals(map(o, "metadata").get("name")))
                .findFirst().orElseThrow(() -> new AssertionError("config/ has no " + kind + " " + name));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Map<String, Object> parent, String key) {
        Object value = parent.get(key);
        assertTrue(value instanceof Map, key + " is a map");
        return (Map<String, Object>) value;
    }

    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> list(Map<String, Object> parent, String key) {
        Object value = parent.get(key);
        assertTrue(value instanceof List, key + " is a list");
        return (List<Map<String, Object>>) value;
    }

    @SuppressWarnings("unchecked")
    private static List<String> strings(Map<String, Object> parent, String key) {
        return parent.get(key) instanceof List<?> l ? (List<String>) l : List.of();
    }
}
