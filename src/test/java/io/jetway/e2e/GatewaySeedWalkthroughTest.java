package io.jetway.e2e;

import io.jetway.util.TestCertificates;
import org.eclipse.jetty.client.ContentResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Seed 000's Gateway API walkthrough with Jetway in place of Traefik: its Middlewares, its Gateway
 * (listener ports moved to free ones: a listener names an entry point's port) and its HTTPRoute with
 * ExtensionRef filters, as written; the API lists the routers with provider kubernetesgateway.
 */
class GatewaySeedWalkthroughTest {

    private static final String HOST = "whoami.docker.localhost";

    @TempDir
    Path dir;

    @Test
    void theSeedsHttpRouteServesThroughTheSeedsGatewayWithItsMiddlewares() throws Exception {
        int web = GatewayHttpRouteEndToEndTest.freePort();
        int websecure = GatewayHttpRouteEndToEndTest.freePort();
        TestCertificates.Issued leaf = TestCertificates.issue(TestCertificates.ca("Seed CA"), HOST, false, HOST);
        try (Backend whoami = Backend.start(); Backend api = Backend.start();
             JetwayHarness jetway = JetwayHarness.start(Files.createDirectories(dir.resolve("m")),
                     "--entrypoints.web.address=127.0.0.1:" + web, "--entrypoints.websecure.address=127.0.0.1:" + websecure,
                     "--providers.kubernetesgateway", "--api.insecure", "--entrypoints.traefik.address=127.0.0.1:0")) {
            String gateway = Manifests.seedExample("000_0305", 0).replace("port: 80\n", "port: " + web + "\n")
                    .replace("port: 443\n", "port: " + websecure + "\n");
            jetway.write("seed.yaml", Manifests.SEED_000_MIDDLEWARES + gateway + "---\n" + Manifests.seedExample("000_0067", 0)
                    + "---\n" + Manifests.serviceWithEndpointSlice("whoami", whoami.port()) + "---\n"
                    + Manifests.serviceWithEndpointSlice("whoami-api", api.port()) + "---\n" + """
                    apiVersion: v1
                    kind: Secret
                    metadata: {name: whoami-tls-le, namespace: default}
                    type: kubernetes.io/tls
                    data: {tls.crt: %s, tls.key: %s}
                    """.formatted(TestCertificates.base64(leaf.certificatePem()), TestCertificates.base64(leaf.privateKeyPem())));

            ContentResponse r = awaitHttps(jetway, websecure, "/api/users", 200);
            assertEquals(200, r.getStatus(), r.getContentAsString());
            assertEquals("/api/users", api.awaitPath("/api/users").pathAndQuery(), "PathPrefix /api goes to whoami-api");
            assertEquals("DENY", r.getHeaders().get("X-Frame-Options"), "secure-headers (ExtensionRef) applied");
            assertEquals(200, awaitHttps(jetway, websecure, "/", 200).getStatus());
            assertEquals("/", whoami.awaitPath("/").pathAndQuery(), "the rest goes to whoami");

            ContentResponse routers = jetway.getOn(jetway.server.port("traefik"), null, "/api/http/routers?search=httproute");
            assertTrue(routers.getContentAsString().contains("\"provider\":\"kubernetesgateway\""), routers.getContentAsString());
        }
    }

    private static ContentResponse awaitHttps(JetwayHarness jetway, int port, String path, int status) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        ContentResponse last = null;
        do {
            try {
                last = jetway.getHttpsOn(port, HOST, path);
                if (last.getStatus() == status) {
                    return last;
                }
            } catch (java.util.concurrent.ExecutionException notYet) {
                // the listener is not programmed yet
            }
            Thread.sleep(50);
        } while (System.nanoTime() < deadline);
        if (last == null) {
            throw new AssertionError("no HTTPS answer on " + path);
        }
        return last;
    }
}
