package io.jetway.e2e;

import io.jetway.util.TestCertificates;
import org.eclipse.jetty.client.ContentResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * BackendTLSPolicy on real sockets: the policy's hostname is the SNI and the name the backend's
 * certificate must carry, its ConfigMap's ca.crt the CA it must chain to.
 */
class GatewayBackendTlsPolicyTest {

    @TempDir
    Path dir;

    private static String policy(String hostname) {
        return """
                apiVersion: gateway.networking.k8s.io/v1
                kind: BackendTLSPolicy
                metadata: {name: secure, namespace: default, creationTimestamp: "2026-01-01T00:00:00Z"}
                spec:
                  targetRefs: [{group: "", kind: Service, name: secure}]
                  validation:
                    hostname: %s
                    caCertificateRefs: [{group: "", kind: ConfigMap, name: backend-ca}]
                ---
                """.formatted(hostname);
    }

    @Test
    void thePolicysHostnameAndCaVerifyTheBackend() throws Exception {
        TestCertificates.Issued ca = TestCertificates.ca("Backend CA");
        TestCertificates.Issued leaf = TestCertificates.issue(ca, "backend.example.com", false, "backend.example.com");
        int port = GatewayHttpRouteEndToEndTest.freePort();
        try (Backend https = Backend.https(leaf.keyStore(), TestCertificates.PASSWORD, null);
             JetwayHarness jetway = JetwayHarness.start(Files.createDirectories(dir.resolve("m")),
                     "--entrypoints.gw.address=127.0.0.1:" + port, "--providers.kubernetesgateway")) {
            String base = GatewayHttpRouteEndToEndTest.gatewayOn(port) + Manifests.serviceWithEndpointSlice("secure", https.port()) + """
                    ---
                    apiVersion: v1
                    kind: ConfigMap
                    metadata: {name: backend-ca, namespace: default}
                    data:
                      ca.crt: |
                    %s
                    ---
                    apiVersion: gateway.networking.k8s.io/v1
                    kind: HTTPRoute
                    metadata: {name: app, namespace: default}
                    spec:
                      parentRefs: [{name: gw}]
                      rules: [{backendRefs: [{name: secure, port: 80}]}]
                    ---
                    """.formatted(ca.certificatePem().indent(4).stripTrailing());
            jetway.write("app.yaml", base + policy("backend.example.com"));
            ContentResponse ok = await(jetway, port, 200);
            assertEquals(200, ok.getStatus(), ok.getContentAsString());
            assertEquals("backend.example.com", ok.getHeaders().get("X-Sni"), "the policy's hostname is the SNI");

            // A hostname the backend's certificate does not carry: verification fails, 502.
            jetway.write("app.yaml", base + policy("other.example.com"));
            assertEquals(502, await(jetway, port, 502).getStatus());
        }
    }

    private static ContentResponse await(JetwayHarness jetway, int port, int status) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        ContentResponse last;
        do {
            last = jetway.getOn(port, "app.local", "/");
            if (last.getStatus() == status) {
                return last;
            }
            Thread.sleep(50);
        } while (System.nanoTime() < deadline);
        return last;
    }
}
