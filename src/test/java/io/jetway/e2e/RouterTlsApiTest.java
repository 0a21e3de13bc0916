package io.jetway.e2e;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import org.eclipse.jetty.client.ContentResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A router's {@code tls} section in {@code /api/http/routers[/{name}]} and {@code /api/rawdata}, in
 * Traefik's shape: {@code "tls": {}} for an empty section and for a certificate Secret (the Secret
 * goes to the certificate store, not to the router), {@code options} named as the provider wrote it,
 * {@code certResolver}, {@code domains[{main, sans}]}; no {@code tls} key for a router without one.
 */
@Tag("tls")
class RouterTlsApiTest {

    static final String MANIFESTS = """
            apiVersion: traefik.io/v1alpha1
            kind: TLSOption
            metadata: {name: modern, namespace: default}
            spec:
              minVersion: VersionTLS13
            ---
            apiVersion: traefik.io/v1alpha1
            kind: IngressRoute
            metadata: {name: empty, namespace: default}
            spec:
              entryPoints: [websecure]
              routes:
                - match: Host(`empty.test`)
                  services: [{name: whoami, port: 80}]
              tls: {}
            ---
            apiVersion: traefik.io/v1alpha1
            kind: IngressRoute
            metadata: {name: secret, namespace: default}
            spec:
              entryPoints: [websecure]
              routes:
                - match: Host(`secret.test`)
                  services: [{name: whoami, port: 80}]
              tls:
                secretName: secret-cert
            ---
            apiVersion: traefik.io/v1alpha1
            kind: IngressRoute
            metadata: {name: resolver, namespace: default}
            spec:
              entryPoints: [websecure]
              routes:
                - match: Host(`resolver.test`)
                  services: [{name: whoami, port: 80}]
              tls:
                certResolver: le
                domains:
                  - main: example.test
                    sans: [www.example.test]
                  - main: other.test
            ---
            apiVersion: traefik.io/v1alpha1
            kind: IngressRoute
            metadata: {name: options, namespace: default}
            spec:
              entryPoints: [websecure]
              routes:
                - match: Host(`options.test`)
                  services: [{name: whoami, port: 80}]
              tls:
                options:
                  name: modern
            ---
            apiVersion: traefik.io/v1alpha1
            kind: IngressRoute
            metadata: {name: plain, namespace: default}
            spec:
              entryPoints: [web]
              routes:
                - match: Host(`plain.test`)
                  services: [{name: whoami, port: 80}]
            """;

    static JetwayHarness jetway;

    @BeforeAll
    static void start() throws Exception {
        Path manifests = Files.createTempDirectory("api-tls-manifests");
        Files.writeString(manifests.resolve("all.yaml"), Manifests.service("whoami", 8081) + MANIFESTS);
        jetway = JetwayHarness.start(manifests, "--api.insecure", "--entrypoints.traefik.address=127.0.0.1:0",
                "--entrypoints.websecure.address=127.0.0.1:0");
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (jetway.server.routingTable().config().routers().size() < 5 && System.nanoTime() < deadline) {
            Thread.sleep(25);
        }
    }

    @AfterAll
    static void stop() throws Exception {
        if (jetway != null) {
            jetway.close();
        }
    }

    static JsonValue getJson(String path) throws Exception {
        ContentResponse r = jetway.client.newRequest("http://127.0.0.1:" + jetway.server.port("traefik") + path)
                .timeout(10, TimeUnit.SECONDS).send();
        assertEquals(200, r.getStatus(), path + ": " + r.getContentAsString());
        return Json.createReader(new StringReader(r.getContentAsString())).readValue();
    }

    static JsonValue json(String text) {
        return Json.createReader(new StringReader(text)).readValue();
    }

    /** The router whose rule names the host, from the list endpoint. */
    static JsonObject listed(String host) throws Exception {
        return getJson("/api/http/routers?search=" + host).asJsonArray().stream().map(JsonValue::asJsonObject)
                .filter(r -> r.getString("rule").equals("Host(`" + host + "`)")).findFirst().orElseThrow();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "empty.test|{}",
            "secret.test|{}",
            "resolver.test|{\"certResolver\":\"le\",\"domains\":[{\"main\":\"example.test\",\"sans\":[\"www.example.test\"]},{\"main\":\"other.test\"}]}",
            "options.test|{\"options\":\"default-modern\"}"})
    void theRouterShowsItsTlsSection(String host, String expectedTls) throws Exception {
        JsonObject router = listed(host);
        assertEquals(json(expectedTls), router.get("tls"), router.toString());
        String name = router.getString("name");
        assertEquals(json(expectedTls), getJson("/api/http/routers/" + name).asJsonObject().get("tls"));
        JsonObject raw = getJson("/api/rawdata").asJsonObject().getJsonObject("routers").getJsonObject(name);
        assertEquals(json(expectedTls), raw.get("tls"), raw.toString());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"plain.test"})
    void aRouterWithoutTlsHasNoTlsKey(String host) throws Exception {
        JsonObject router = listed(host);
        assertFalse(router.containsKey("tls"), router.toString());
        assertTrue(router.containsKey("rule"));
    }
}
