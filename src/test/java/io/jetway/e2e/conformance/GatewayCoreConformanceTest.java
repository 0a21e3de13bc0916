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
}
