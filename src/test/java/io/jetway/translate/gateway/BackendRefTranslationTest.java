package io.jetway.translate.gateway;

import io.jetway.dynamic.DynamicConfig;
import io.jetway.dynamic.GatewayApiStatus;
import io.jetway.dynamic.GatewayCondition;
import io.jetway.dynamic.MiddlewareConfig;
import io.jetway.dynamic.ServiceConfig;
import io.jetway.kube.ObjectRef;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static io.jetway.translate.gateway.GatewayFixtures.CLASS;
import static io.jetway.translate.gateway.GatewayFixtures.GATEWAY;
import static io.jetway.translate.gateway.GatewayFixtures.WHOAMI;
import static io.jetway.translate.gateway.GatewayFixtures.route;
import static io.jetway.translate.gateway.GatewayFixtures.translate;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A rule's backendRefs: their own filters (Traefik's service middlewares) and the BackendTLSPolicies' statuses. */
class BackendRefTranslationTest {

    private static final ObjectRef ROUTE = new ObjectRef("HTTPRoute", "default", "http-app-1");

    private static final String OTHER = """
            apiVersion: v1
            kind: Service
            metadata: {name: other, namespace: default}
            spec:
              ports: [{name: web, port: 80, targetPort: 8080}]
            ---
            apiVersion: discovery.k8s.io/v1
            kind: EndpointSlice
            metadata:
              name: other-abc
              namespace: default
              labels: {kubernetes.io/service-name: other}
            addressType: IPv4
            ports: [{name: web, port: 8080}]
            endpoints: [{addresses: [10.10.0.9], conditions: {ready: true}}]
            ---
            """;

    private static ServiceConfig.Weighted wrr(DynamicConfig c) {
        return (ServiceConfig.Weighted) c.services().values().stream().filter(s -> s instanceof ServiceConfig.Weighted).findFirst()
                .orElseThrow();
    }

    @Test
    void eachBackendGetsItsOwnFiltersAsMiddlewaresOfItsWeightedChild() throws Exception {
        GatewayTranslation t = translate(CLASS + WHOAMI + OTHER + GATEWAY + route("""
                parentRefs: [{name: my-gateway}]
                rules:
                  - filters:
                      - type: RequestHeaderModifier
                        requestHeaderModifier: {set: [{name: X-Rule, value: r}]}
                    backendRefs:
                      - name: whoami
                        port: 80
                        weight: 3
                        filters:
                          - type: RequestHeaderModifier
                            requestHeaderModifier: {set: [{name: Backend, value: whoami}]}
                          - type: ResponseHeaderModifier
                            responseHeaderModifier: {add: [{name: X-From, value: whoami}]}
                      - name: other
                        port: 80
                """));
        DynamicConfig c = t.config();
        List<ServiceConfig.WeightedChild> children = wrr(c).services();
        String router = c.routers().keySet().iterator().next().replace("@kubernetesgateway", "");
        String whoami = router + "-svc-default-whoami-0";
        assertEquals(new ServiceConfig.WeightedChild(whoami + "@kubernetesgateway", 3, null,
                List.of(whoami + "-requestheadermodifier-0@kubernetesgateway", whoami + "-responseheadermodifier-1@kubernetesgateway")),
                children.get(0));
        assertEquals(List.of(), children.get(1).middlewares(), "the other backend gets none of them");
        MiddlewareConfig set = c.middlewares().get(whoami + "-requestheadermodifier-0@kubernetesgateway");
        assertEquals("gatewayRequestHeaderModifier", set.type());
        assertEquals(Map.of("set", List.of(Map.of("name", "Backend", "value", "whoami"))), set.options());
        assertEquals("gatewayResponseHeaderModifier", c.middlewares().get(whoami + "-responseheadermodifier-1@kubernetesgateway").type());
        assertEquals(1, c.routers().values().iterator().next().middlewares().size(), "the rule's filter stays on the router");
        assertEquals(GatewayCondition.isTrue("ResolvedRefs", "ResolvedRefs", ""), t.routes().get(ROUTE).get(0).conditions().get(1));
    }

    @Test
    void aFilterABackendCannotTakeMakesItAnswer500WithInvalidKind() throws Exception {
        for (String filter : List.of("{type: RequestMirror, requestMirror: {backendRef: {name: other, port: 80}}}",
                "{type: CORS, cors: {allowOrigins: [\"*\"]}}",
                "{type: ExtensionRef, extensionRef: {group: example.com, kind: Thing, name: x}}")) {
            GatewayTranslation t = translate(CLASS + WHOAMI + OTHER + GATEWAY + route("""
                    parentRefs: [{name: my-gateway}]
                    rules:
                      - backendRefs:
                          - {name: whoami, port: 80, filters: [%s]}
                          - {name: other, port: 80}
                    """.formatted(filter)));
            List<ServiceConfig.WeightedChild> children = wrr(t.config()).services();
            assertEquals(500, children.get(0).status(), filter);
            assertNull(children.get(1).status(), filter + ": the other backend still serves");
            GatewayCondition resolved = t.routes().get(ROUTE).get(0).conditions().get(1);
            assertEquals("InvalidKind", resolved.reason(), filter);
            assertTrue(resolved.message().startsWith("Cannot load filters on HTTPBackendRef core/Service/default/whoami: "),
                    resolved.message());
        }
    }

    private static String policy(String name, String created, String sectionName, String configMap, String hostname) {
        return """
                apiVersion: gateway.networking.k8s.io/v1
                kind: BackendTLSPolicy
                metadata: {name: %s, namespace: default, creationTimestamp: "%s"}
                spec:
                  targetRefs: [{group: "", kind: Service, name: whoami%s}]
                  validation:
                    caCertificateRefs: [{group: "", kind: ConfigMap, name: %s}]
                    hostname: %s
                ---
                """.formatted(name, created, sectionName == null ? "" : ", sectionName: " + sectionName, configMap, hostname);
    }

    private static final String CA = """
            apiVersion: v1
            kind: ConfigMap
            metadata: {name: ca, namespace: default}
            data:
              ca.crt: |
                -----BEGIN CERTIFICATE-----
                MIIBszCCAVmgAwIBAgIUB1dxAFDVVkmHbJQRXPsuCtUv9TcwCgYIKoZIzj0EAwIw
                -----END CERTIFICATE-----
            ---
            """;

    private static List<GatewayCondition> ancestor(GatewayTranslation t, String policy) {
        List<GatewayApiStatus.PolicyAncestorStatus> ancestors = t.status().policies()
                .get(new ObjectRef("BackendTLSPolicy", "default", policy));
        assertEquals(1, ancestors.size(), policy + ": " + ancestors);
        assertEquals(Map.of("group", "gateway.networking.k8s.io", "kind", "Gateway", "namespace", "default", "name", "my-gateway",
                "sectionName", "http"), ancestors.get(0).ancestorRef());
        return ancestors.get(0).conditions();
    }

    @Test
    void theOlderPolicyWinsTheOtherIsConflicted() throws Exception {
        GatewayTranslation t = translate(CLASS + WHOAMI + GATEWAY + CA + route("""
                parentRefs: [{name: my-gateway}]
                rules: [{backendRefs: [{name: whoami, port: 80}]}]
                """) + policy("b-older", "2024-01-01T00:00:00Z", null, "ca", "older.example.com")
                + policy("a-newer", "2024-01-02T00:00:00Z", null, "ca", "newer.example.com"));
        assertEquals(List.of(GatewayCondition.isTrue("Accepted", "Accepted", ""), GatewayCondition.isTrue("ResolvedRefs", "ResolvedRefs", "")),
                ancestor(t, "b-older"));
        List<GatewayCondition> conflicted = ancestor(t, "a-newer");
        assertEquals("False/Conflicted", conflicted.get(0).status() + "/" + conflicted.get(0).reason());
        assertEquals(GatewayCondition.isTrue("ResolvedRefs", "ResolvedRefs", ""), conflicted.get(1));
        assertEquals("older.example.com", t.config().serversTransports().values().iterator().next().serverName());
    }

    @Test
    void aPolicyNamingThePortBeatsOneForTheWholeServiceWithoutConflict() throws Exception {
        GatewayTranslation t = translate(CLASS + WHOAMI + GATEWAY + CA + route("""
                parentRefs: [{name: my-gateway}]
                rules: [{backendRefs: [{name: whoami, port: 80}]}]
                """) + policy("whole", "2024-01-01T00:00:00Z", null, "ca", "whole.example.com")
                + policy("port", "2024-01-02T00:00:00Z", "web", "ca", "port.example.com"));
        assertEquals("True/Accepted", ancestor(t, "port").get(0).status() + "/" + ancestor(t, "port").get(0).reason());
        assertNull(t.status().policies().get(new ObjectRef("BackendTLSPolicy", "default", "whole")),
                "no status from a port another policy names");
        assertEquals("port.example.com", t.config().serversTransports().values().iterator().next().serverName());
    }

    @Test
    void anUnusableCaCertificateRefIsNoValidCACertificateWithItsReason() throws Exception {
        record Case(String extra, String ref, String reason) {
        }
        for (Case c : List.of(new Case("", "{group: \"\", kind: ConfigMap, name: missing}", "InvalidCACertificateRef"),
                new Case("apiVersion: v1\nkind: ConfigMap\nmetadata: {name: empty, namespace: default}\ndata: {}\n---\n",
                        "{group: \"\", kind: ConfigMap, name: empty}", "InvalidCACertificateRef"),
                new Case("", "{group: invalid.io, kind: InvalidKind, name: x}", "InvalidKind"))) {
            GatewayTranslation t = translate(CLASS + WHOAMI + GATEWAY + c.extra() + route("""
                    parentRefs: [{name: my-gateway}]
                    rules: [{backendRefs: [{name: whoami, port: 80}]}]
                    """) + """
                    apiVersion: gateway.networking.k8s.io/v1
                    kind: BackendTLSPolicy
                    metadata: {name: p, namespace: default}
                    spec:
                      targetRefs: [{group: "", kind: Service, name: whoami}]
                      validation: {hostname: abc.example.com, caCertificateRefs: [%s]}
                    ---
                    """.formatted(c.ref()));
            List<GatewayCondition> conditions = ancestor(t, "p");
            assertEquals("False/NoValidCACertificate", conditions.get(0).status() + "/" + conditions.get(0).reason(), c.ref());
            assertEquals("False/" + c.reason(), conditions.get(1).status() + "/" + conditions.get(1).reason(), c.ref());
            assertEquals(500, wrr(t.config()).services().get(0).status(), "the backend answers 500");
            assertEquals("RefNotPermitted", t.routes().get(ROUTE).get(0).conditions().get(1).reason());
        }
    }
}
