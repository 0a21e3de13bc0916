package io.jetway.e2e;

import io.jetway.whoami.WhoamiServer;
import org.eclipse.jetty.client.ContentResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** An ExternalName Service (a DNS name outside the cluster) is refused unless the flag allows it. */
class ExternalNameServiceTest {

    static String manifests(int port) {
        return """
                apiVersion: v1
                kind: Service
                metadata: {name: external-svc}
                spec: {type: ExternalName, externalName: localhost}
                ---
                apiVersion: traefik.io/v1alpha1
                kind: IngressRoute
                metadata: {name: ext}
                spec:
                  routes:
                    - match: Host(`ext.localhost`)
                      services: [{name: external-svc, port: %d, passHostHeader: false}]
                """.formatted(port);
    }

    @Test
    void servedOnlyWhenAllowed(@TempDir Path dir) throws Exception {
        try (WhoamiServer backend = WhoamiServer.start("127.0.0.1", 0, "outside")) {
            Path manifests = Files.createDirectories(dir.resolve("m"));
            Files.writeString(manifests.resolve("ext.yaml"), manifests(backend.port()));
            try (JetwayHarness refused = JetwayHarness.start(manifests)) {
                assertEquals(404, refused.get("ext.localhost", "/").getStatus(), "the router is disabled");
            }
            try (JetwayHarness allowed = JetwayHarness.start(manifests, "--providers.kubernetescrd.allowexternalnameservices=true")) {
                ContentResponse r = allowed.get("ext.localhost", "/");
                assertEquals(200, r.getStatus());
                assertEquals("outside", r.getHeaders().get("X-Whoami-Name"));
                org.junit.jupiter.api.Assertions.assertTrue(r.getContentAsString().contains("Host: localhost:" + backend.port()), r.getContentAsString());
            }
        }
    }
}
