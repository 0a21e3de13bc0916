package io.jetway.e2e;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import org.eclipse.jetty.client.ContentResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code /api/explain/tcp} on a running Jetway: the TCP explanation of the table serving now, as JSON. */
class ExplainTcpApiTest {

    static final String MANIFESTS = Manifests.APP_SERVICE + """
            apiVersion: traefik.io/v1alpha1
            kind: IngressRouteTCP
            metadata: {name: pg, namespace: default}
            spec:
              entryPoints: [web]
              routes:
                - match: HostSNI(`db.example.com`)
                  services: [{name: app, port: 80}]
              tls: {passthrough: true}
            """;

    static JetwayHarness jetway;

    @BeforeAll
    static void start() throws Exception {
        Path manifests = Files.createTempDirectory("explain-tcp");
        Files.writeString(manifests.resolve("all.yaml"), MANIFESTS);
        jetway = JetwayHarness.start(manifests, "--api.insecure", "--entrypoints.traefik.address=127.0.0.1:0");
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (jetway.server.routingTable().layer4().tcp("web").isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(25);
        }
    }

    @AfterAll
    static void stop() throws Exception {
        if (jetway != null) {
            jetway.close();
        }
    }

    static ContentResponse get(String path) throws Exception {
        return jetway.client.newRequest("http://127.0.0.1:" + jetway.server.port("traefik") + path)
                .timeout(10, TimeUnit.SECONDS).send();
    }

    static JsonObject json(String path) throws Exception {
        ContentResponse r = get(path);
        assertEquals(200, r.getStatus(), path + ": " + r.getContentAsString());
        return Json.createReader(new StringReader(r.getContentAsString())).readObject();
    }

    @Test
    void saysWhichStageAndRouterTakeAConnection() throws Exception {
        JsonObject taken = json("/api/explain/tcp?entrypoint=web&sni=db.example.com&alpn=postgresql&clientIp=10.0.0.7");
        assertEquals("tcp-tls-specific", taken.getString("stage"));
        assertEquals("tcp", taken.getString("handler"));
        assertTrue(taken.getString("router").startsWith("default-pg-"), taken.toString());
        assertEquals("HostSNI(`db.example.com`)", taken.getString("rule"));
        assertEquals(25, taken.getJsonNumber("priority").longValue());
        assertEquals("passthrough", taken.getString("tls"));
        assertEquals(taken.getString("router"), taken.getString("service"));
        JsonObject connection = taken.getJsonObject("connection");
        assertEquals("10.0.0.7", connection.getString("clientIp"));
        assertTrue(connection.getBoolean("tls"));
        assertEquals("postgresql", connection.getJsonArray("alpn").getString(0));
    }

    @Test
    void aPlainConnectionGoesToHttpAndSaysWhyTheTlsRouterDidNotTakeIt() throws Exception {
        JsonObject http = json("/api/explain/tcp?tls=false");
        assertEquals("web", http.getString("entryPoint"));
        assertEquals("http", http.getString("stage"));
        assertEquals("http", http.getString("handler"));
        assertFalse(http.containsKey("router"), http.toString());
        JsonObject notTried = http.getJsonArray("notTried").getJsonObject(0);
        assertEquals("it has tls and the connection is not TLS", notTried.getString("reason"));
    }

    @Test
    void badParametersAre400() throws Exception {
        assertEquals(400, get("/api/explain/tcp?clientIp=db.internal").getStatus());
        assertEquals(400, get("/api/explain/tcp?entrypoint=nope").getStatus());
        assertEquals(400, get("/api/explain/tcp?tls=maybe").getStatus());
        String message = get("/api/explain/tcp?tls=false&sni=a.com").getContentAsString();
        assertTrue(message.contains("sni: a connection without TLS has no server name"), message);
    }
}
