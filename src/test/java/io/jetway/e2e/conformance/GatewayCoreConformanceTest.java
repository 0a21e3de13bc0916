package io.jetway.e2e.conformance;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static io.jetway.e2e.conformance.ConformanceCluster.INFRA;

/**
 * Gateway API conformance v1.5.1: the Gateway tests of the core of GATEWAY-HTTP (also counted in
 * GATEWAY-GRPC and GATEWAY-TLS, as their features are only Gateway and ReferenceGrant), each named
 * after the upstream ShortName; see docs/gateway-api.md.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class GatewayCoreConformanceTest {

    @TempDir
    static Path dir;

    private ConformanceCluster cluster;

    @BeforeAll
    void start() throws Exception {
        cluster = ConformanceCluster.start(dir);
    }

    @AfterEach
    void cleanUp() throws Exception {
        cluster.cleanUp();
    }

    @AfterAll
    void stop() throws Exception {
        if (cluster != null) {
            cluster.close();
        }
    }

    /** A Gateway with one HTTPS listener on 443 (from: All) naming that certificate reference. */
    private static String httpsGateway(String name, String certificateRef) {
        return """
                apiVersion: gateway.networking.k8s.io/v1
                kind: Gateway
                metadata: {name: %s, namespace: gateway-conformance-infra}
                spec:
                  gatewayClassName: jetway
                  listeners:
                  - name: https
                    port: 443
                    protocol: HTTPS
                    allowedRoutes: {namespaces: {from: All}}
                    tls: {certificateRefs: [%s]}
                ---
                """.formatted(name, certificateRef);
    }

    @Test
    void GatewayInvalidTLSConfiguration() throws Exception {
        cluster.apply(httpsGateway("gateway-certificate-nonexistent-secret", "{group: \"\", kind: Secret, name: nonexistent-certificate}")
                + httpsGateway("gateway-certificate-unsupported-group",
                "{group: wrong.group.company.io, kind: Secret, name: tls-validity-checks-certificate}")
                + httpsGateway("gateway-certificate-unsupported-kind", "{group: \"\", kind: WrongKind, name: tls-validity-checks-certificate}")
                + httpsGateway("gateway-certificate-malformed-secret", "{group: \"\", kind: Secret, name: malformed-certificate}")
                + """
                apiVersion: v1
                kind: Secret
                metadata: {name: malformed-certificate, namespace: gateway-conformance-infra}
                type: kubernetes.io/tls
                data: {tls.crt: SGVsbG8gd29ybGQK, tls.key: SGVsbG8gd29ybGQK}
                """);
        for (String gateway : List.of("gateway-certificate-nonexistent-secret", "gateway-certificate-unsupported-group",
                "gateway-certificate-unsupported-kind", "gateway-certificate-malformed-secret")) {
            cluster.awaitListener(INFRA, gateway, "https", List.of("HTTPRoute"), "ResolvedRefs", "False", "InvalidCertificateRef", 0);
        }
    }

    @Test
    void GatewayInvalidRouteKind() throws Exception {
        cluster.apply("""
                apiVersion: gateway.networking.k8s.io/v1
                kind: Gateway
                metadata: {name: gateway-only-invalid-route-kind, namespace: gateway-conformance-infra}
                spec:
                  gatewayClassName: jetway
                  listeners:
                  - {name: http, port: 80, protocol: HTTP, allowedRoutes: {namespaces: {from: All}, kinds: [{kind: InvalidRoute}]}}
                ---
                apiVersion: gateway.networking.k8s.io/v1
                kind: Gateway
                metadata: {name: gateway-supported-and-invalid-route-kind, namespace: gateway-conformance-infra}
                spec:
                  gatewayClassName: jetway
                  listeners:
                  - {name: http, port: 80, protocol: HTTP, allowedRoutes: {namespaces: {from: All}, kinds: [{kind: InvalidRoute}, {kind: HTTPRoute}]}}
                """);
        cluster.awaitListener(INFRA, "gateway-only-invalid-route-kind", "http", List.of(), "ResolvedRefs", "False", "InvalidRouteKinds", 0);
        cluster.awaitListener(INFRA, "gateway-supported-and-invalid-route-kind", "http", List.of("HTTPRoute"),
                "ResolvedRefs", "False", "InvalidRouteKinds", 0);
    }

    private static final String CERTIFICATE_IN_WEB = "{group: \"\", kind: Secret, name: certificate, namespace: gateway-conformance-web-backend}";

    @Test
    void GatewaySecretMissingReferenceGrant() throws Exception {
        cluster.apply(httpsGateway("gateway-secret-missing-reference-grant", CERTIFICATE_IN_WEB));
        cluster.awaitListener(INFRA, "gateway-secret-missing-reference-grant", "https", List.of("HTTPRoute"),
                "ResolvedRefs", "False", "RefNotPermitted", 0);
    }

    @Test
    void GatewaySecretInvalidReferenceGrant() throws Exception {
        // The grant sits in another namespace than the Secret's, so it grants nothing.
        cluster.apply(httpsGateway("gateway-secret-invalid-reference-grant", CERTIFICATE_IN_WEB) + """
                apiVersion: gateway.networking.k8s.io/v1beta1
                kind: ReferenceGrant
                metadata: {name: reference-grant-wrong-namespace, namespace: gateway-conformance-app-backend}
                spec:
                  from: [{group: gateway.networking.k8s.io, kind: Gateway, namespace: gateway-conformance-infra}]
                  to: [{group: "", kind: Secret, name: certificate}]
                """);
        cluster.awaitListener(INFRA, "gateway-secret-invalid-reference-grant", "https", List.of("HTTPRoute"),
                "ResolvedRefs", "False", "RefNotPermitted", 0);
    }

    @Test
    void GatewaySecretReferenceGrantSpecific() throws Exception {
        cluster.apply(httpsGateway("gateway-secret-reference-grant-specific", CERTIFICATE_IN_WEB) + """
                apiVersion: gateway.networking.k8s.io/v1beta1
                kind: ReferenceGrant
                metadata: {name: reference-grant-specific, namespace: gateway-conformance-web-backend}
                spec:
                  from: [{group: gateway.networking.k8s.io, kind: Gateway, namespace: gateway-conformance-infra}]
                  to: [{group: "", kind: Secret, name: certificate}]
                """);
        cluster.awaitListener(INFRA, "gateway-secret-reference-grant-specific", "https", List.of("HTTPRoute"),
                "Programmed", "True", "Programmed", 0);
        cluster.awaitListener(INFRA, "gateway-secret-reference-grant-specific", "https", List.of("HTTPRoute"),
                "ResolvedRefs", "True", null, 0);
    }

    @Test
    void GatewaySecretReferenceGrantAllInNamespace() throws Exception {
        cluster.apply(httpsGateway("gateway-secret-reference-grant-all-in-namespace", CERTIFICATE_IN_WEB) + """
                apiVersion: gateway.networking.k8s.io/v1beta1
                kind: ReferenceGrant
                metadata: {name: reference-grant-all-in-namespace, namespace: gateway-conformance-web-backend}
                spec:
                  from: [{group: gateway.networking.k8s.io, kind: Gateway, namespace: gateway-conformance-infra}]
                  to: [{group: "", kind: Secret}]
                """);
        cluster.awaitListener(INFRA, "gateway-secret-reference-grant-all-in-namespace", "https", List.of("HTTPRoute"),
                "Programmed", "True", "Programmed", 0);
        cluster.awaitListener(INFRA, "gateway-secret-reference-grant-all-in-namespace", "https", List.of("HTTPRoute"),
                "ResolvedRefs", "True", null, 0);
    }

    /**
     * The suite's GatewayWithAttachedRoutes: attachedRoutes counts the routes a listener admits
     * (one, two), not one whose hostname does not meet the listener's (NoMatchingListenerHostname),
     * and also a route whose references do not resolve on a listener whose certificate is missing.
     * The suite writes the last Gateway and route at v1beta1, which a real API server converts; the
     * mock serves v1 only, so they are written at v1 here.
     */
    @Test
    void GatewayWithAttachedRoutes() throws Exception {
        String allowed = "allowedRoutes: {kinds: [{kind: HTTPRoute}], namespaces: {from: Selector, selector: {matchLabels: "
                + "{kubernetes.io/metadata.name: gateway-conformance-infra}}}}";
        cluster.apply("""
                apiVersion: gateway.networking.k8s.io/v1
                kind: Gateway
                metadata: {name: gateway-with-one-attached-route, namespace: gateway-conformance-infra}
                spec:
                  gatewayClassName: jetway
                  listeners: [{name: http, port: 80, protocol: HTTP, %1$s}]
                ---
                apiVersion: gateway.networking.k8s.io/v1
                kind: Gateway
                metadata: {name: gateway-with-two-attached-routes, namespace: gateway-conformance-infra}
                spec:
                  gatewayClassName: jetway
                  listeners: [{name: http, port: 80, protocol: HTTP, hostname: foo.example.com, %1$s}]
                ---
                apiVersion: gateway.networking.k8s.io/v1
                kind: Gateway
                metadata: {name: unresolved-gateway-with-one-attached-unresolved-route, namespace: gateway-conformance-infra}
                spec:
                  gatewayClassName: jetway
                  listeners:
                  - name: tls
                    port: 443
                    protocol: HTTPS
                    %1$s
                    tls: {certificateRefs: [{group: "", kind: Secret, name: does-not-exist}], mode: Terminate}
                ---
                """.formatted(allowed)
                + attachedRoute("http-route-1", "gateway-with-one-attached-route", "", "{name: infra-backend-v1, port: 8080}")
                + attachedRoute("http-route-2", "gateway-with-two-attached-routes", "", "{name: infra-backend-v1, port: 8080}")
                + attachedRoute("http-route-3", "gateway-with-two-attached-routes", "", "{name: infra-backend-v1, port: 8080}")
                + attachedRoute("http-route-not-accepted", "gateway-with-two-attached-routes", "hostnames: [not-accepted.test.com]",
                        "{name: infra-backend-v1, port: 8080}")
                + attachedRoute("http-route-4", "unresolved-gateway-with-one-attached-unresolved-route", "",
                        "{name: does-not-exist}").replace("name: unresolved-gateway-with-one-attached-unresolved-route}",
                        "name: unresolved-gateway-with-one-attached-unresolved-route, sectionName: tls}"));
        cluster.awaitListener(INFRA, "gateway-with-one-attached-route", "http", List.of("HTTPRoute"), "Accepted", "True", null, 1);
        cluster.awaitListener(INFRA, "gateway-with-one-attached-route", "http", List.of("HTTPRoute"), "ResolvedRefs", "True", null, 1);
        cluster.awaitListener(INFRA, "gateway-with-two-attached-routes", "http", List.of("HTTPRoute"), "Accepted", "True", null, 2);
        cluster.routeCondition("httproute", INFRA, "http-route-not-accepted", INFRA, "gateway-with-two-attached-routes",
                "Accepted", "False", "NoMatchingListenerHostname");
        cluster.awaitListener(INFRA, "unresolved-gateway-with-one-attached-unresolved-route", "tls", List.of("HTTPRoute"),
                "Programmed", "False", null, 1);
        cluster.awaitListener(INFRA, "unresolved-gateway-with-one-attached-unresolved-route", "tls", List.of("HTTPRoute"),
                "ResolvedRefs", "False", null, 1);
        cluster.routeCondition("httproute", INFRA, "http-route-4", INFRA, "unresolved-gateway-with-one-attached-unresolved-route",
                "ResolvedRefs", "False", null);
    }

    private static String attachedRoute(String name, String gateway, String extra, String backendRef) {
        return """
                apiVersion: gateway.networking.k8s.io/v1
                kind: HTTPRoute
                metadata: {name: %s, namespace: gateway-conformance-infra}
                spec:
                  %s
                  parentRefs: [{kind: Gateway, namespace: gateway-conformance-infra, name: %s}]
                  rules: [{backendRefs: [%s]}]
                ---
                """.formatted(name, extra.isEmpty() ? "hostnames: []" : extra, gateway, backendRef);
    }
}
