package io.jetway.e2e;

import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import org.eclipse.jetty.client.ContentResponse;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static io.jetway.e2e.Manifests.tlsRoute;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code /api/tls/certresolvers}: each resolver's certificates and their state; a router whose
 * certificate failed shows the resolver's error and is a warning (it serves the default certificate).
 */
@Tag("tls")
class CertResolversApiTest {

    private static JsonObject object(ContentResponse r) {
        return Json.createReader(new StringReader(r.getContentAsString())).readObject();
    }

    private static ContentResponse api(JetwayHarness jetway, String path) throws Exception {
        return jetway.client.newRequest("http://127.0.0.1:" + jetway.server.port("traefik") + path)
                .timeout(10, TimeUnit.SECONDS).send();
    }

    @Test
    void aFailingResolverIsShownWithItsErrorAndOnItsRouters(@TempDir Path dir) throws Exception {
        Path manifests = Files.createDirectories(dir.resolve("m"));
        Files.writeString(manifests.resolve("app.yaml"), Manifests.service("whoami", 8081)
                + tlsRoute("shop", "Host(`shop.example.com`) || Host(`www.shop.example.com`)", "{certResolver: broken}")
                + tlsRoute("plain", "Host(`plain.example.com`)", "{}"));
        try (JetwayHarness jetway = JetwayHarness.start(manifests, "--api.insecure", "--entrypoints.traefik.address=127.0.0.1:0",
                "--entrypoints.websecure.address=127.0.0.1:0",
                // Nothing listens on port 1: every order fails at once.
                "--certificatesresolvers.broken.acme.caserver=https://127.0.0.1:1/dir",
                "--certificatesresolvers.broken.acme.storage=" + dir.resolve("broken.json"),
                "--certificatesresolvers.broken.acme.tlschallenge",
                "--certificatesresolvers.idle.acme.storage=" + dir.resolve("idle.json"),
                "--certificatesresolvers.idle.acme.httpchallenge.entrypoint=web")) {
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            JsonObject broken;
            do {
                ContentResponse r = api(jetway, "/api/tls/certresolvers/broken");
                assertEquals(200, r.getStatus(), r.getContentAsString());
                broken = object(r);
            } while (!broken.getJsonArray("certificates").toString().contains("failed") && System.nanoTime() < deadline);

            assertEquals("broken", broken.getString("name"));
            assertEquals("https://127.0.0.1:1/dir", broken.getString("caServer"));
            assertEquals(List.of("tlsChallenge"), broken.getJsonArray("challenges").getValuesAs(v -> ((jakarta.json.JsonString) v).getString()));
            JsonArray certificates = broken.getJsonArray("certificates");
            assertEquals(1, certificates.size(), certificates.toString());
            JsonObject shop = certificates.getJsonObject(0);
            assertEquals("shop.example.com", shop.getString("main"));
            assertEquals("[\"www.shop.example.com\"]", shop.getJsonArray("sans").toString());
            assertEquals("failed", shop.getString("state"));
            assertEquals(1, shop.getInt("failures"));
            assertTrue(Instant.parse(shop.getString("nextAttempt")).isAfter(Instant.now()), shop.toString());
            assertTrue(!shop.getString("error").isBlank(), shop.toString());
            assertTrue(!shop.containsKey("notAfter"), "no certificate is held: " + shop);
            String router = shop.getJsonArray("routers").getString(0);
            assertTrue(router.contains("shop"), router);

            JsonObject routerInfo = object(api(jetway, "/api/http/routers/" + router));
            assertEquals("warning", routerInfo.getString("status"), routerInfo.toString());
            assertTrue(routerInfo.getJsonArray("error").toString().contains("certificate resolver broken"), routerInfo.toString());
            assertTrue(routerInfo.getJsonArray("error").toString().contains(shop.getString("error").substring(0, 10)),
                    routerInfo.toString());

            JsonArray all = Json.createReader(new StringReader(api(jetway, "/api/tls/certresolvers").getContentAsString())).readArray();
            assertEquals(2, all.size(), all.toString());
            JsonObject idle = all.getJsonObject(1);
            assertEquals("idle", idle.getString("name"));
            assertEquals("web", idle.getString("httpChallengeEntryPoint"));
            assertEquals(0, idle.getJsonArray("certificates").size(), "no router uses it");

            ContentResponse missing = api(jetway, "/api/tls/certresolvers/nope");
            assertEquals(404, missing.getStatus());
            assertTrue(missing.getContentAsString().contains("nope"), missing.getContentAsString());
        }
    }
}
