package io.jetway.e2e;

import io.jetway.dynamic.TcpRouterConfig;
import jakarta.json.Json;
import jakarta.json.JsonValue;
import org.eclipse.jetty.client.ContentResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * /api/tcp and /api/udp against a loaded configuration (issue 19), in the shapes of Traefik's
 * {@code pkg/api/handler_tcp.go} and {@code handler_udp.go}: whole documents, the overview's
 * counts, paging and filters.
 */
class Layer4ApiTest {

    private static final String MANIFESTS = """
            apiVersion: traefik.io/v1alpha1
            kind: MiddlewareTCP
            metadata: {name: limit, namespace: default}
            spec:
              inFlightConn: {amount: 10}
            ---
            apiVersion: traefik.io/v1alpha1
            kind: IngressRouteTCP
            metadata: {name: passthrough, namespace: default}
            spec:
              entryPoints: [web]
              routes:
                - match: HostSNI(`db.example`)
                  services: [{name: pg, port: 80}]
              tls: {passthrough: true}
            ---
            apiVersion: traefik.io/v1alpha1
            kind: IngressRouteTCP
            metadata: {name: weighted, namespace: default}
            spec:
              entryPoints: [web]
              routes:
                - match: ClientIP(`10.0.0.0/8`)
                  middlewares: [{name: limit}]
                  services: [{name: pg, port: 80, weight: 3}, {name: pg2, port: 80}]
            ---
            apiVersion: traefik.io/v1alpha1
            kind: IngressRouteTCP
            metadata: {name: catchall, namespace: default}
            spec:
              routes:
                - match: HostSNI(`*`)
                  services: [{name: pg, port: 80}]
            ---
            apiVersion: traefik.io/v1alpha1
            kind: IngressRouteTCP
            metadata: {name: broken, namespace: default}
            spec:
              entryPoints: [web]
              routes:
                - match: HostSNI(`plain.example`)
                  services: [{name: pg, port: 80}]
            ---
            apiVersion: traefik.io/v1alpha1
            kind: IngressRouteTCP
            metadata: {name: partial, namespace: default}
            spec:
              entryPoints: [web]
              routes:
                - match: ClientIP(`192.168.0.0/16`)
                  services: [{name: pg, port: 80}, {name: nosuch, port: 80}]
            ---
            apiVersion: traefik.io/v1alpha1
            kind: IngressRouteUDP
            metadata: {name: dns, namespace: default}
            spec:
              entryPoints: [dns]
              routes:
                - services: [{name: dns, port: 80}]
            ---
            """;

    private static JetwayHarness jetway;
    /** Router names by their IngressRoute's name (the hashes are the translator's business). */
    private static Map<String, String> routers;

    @BeforeAll
    static void start() throws Exception {
        Path manifests = Files.createTempDirectory("l4-api-manifests");
        Files.writeString(manifests.resolve("all.yaml"), Manifests.serviceWithEndpointSlice("pg", 5432) + "---\n"
                + Manifests.serviceWithEndpointSlice("pg2", 5433) + "---\n"
                + Manifests.serviceWithEndpointSlice("dns", 5353) + "---\n" + MANIFESTS);
        jetway = JetwayHarness.start(manifests, "--api.insecure", "--entrypoints.traefik.address=127.0.0.1:0",
                "--entrypoints.dns.address=127.0.0.1:0/udp");
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (jetway.server.routingTable().layer4().config().tcpRouters().size() < 5 && System.nanoTime() < deadline) {
            Thread.sleep(25);
        }
        var config = jetway.server.routingTable().layer4().config();
        routers = config.tcpRouters().values().stream()
                .collect(Collectors.toMap(r -> r.source().name(), TcpRouterConfig::name));
        config.udpRouters().values().forEach(r -> routers.put("udp-" + r.source().name(), r.name()));
        assertEquals(6, routers.size(), routers.toString());
    }

    @AfterAll
    static void stop() throws Exception {
        if (jetway != null) {
            jetway.close();
        }
    }

    private static ContentResponse management(String path) throws Exception {
        return jetway.client.newRequest("http://127.0.0.1:" + jetway.server.port("traefik") + path)
                .timeout(10, TimeUnit.SECONDS).send();
    }

    private static JsonValue json(String text) {
        return Json.createReader(new StringReader(text)).readValue();
    }

    /** The expected document with the generated names filled in: {passthrough} is the router's name without @kubernetescrd. */
    private static JsonValue expected(String template) {
        String text = template;
        for (var e : routers.entrySet()) {
            text = text.replace("{" + e.getKey() + "}", e.getValue().substring(0, e.getValue().indexOf('@')));
        }
        return json(text);
    }

    private static JsonValue getJson(String path) throws Exception {
        ContentResponse r = management(path);
        assertEquals(200, r.getStatus(), path + ": " + r.getContentAsString());
        assertTrue(r.getMediaType().startsWith("application/json"), r.getMediaType());
        return json(r.getContentAsString());
    }

    private static List<String> names(JsonValue list) {
        return list.asJsonArray().stream().map(v -> v.asJsonObject().getString("name")).toList();
    }

    @Test
    void tcpRoutersInTraefiksShape() throws Exception {
        assertEquals(expected("""
                [
                  {
                    "entryPoints": ["web"], "service": "{broken}", "rule": "HostSNI(`plain.example`)", "priority": 24,
                    "error": ["invalid rule HostSNI(`plain.example`): HostSNI(`plain.example`) needs tls on the router: a connection without TLS has no SNI, so only HostSNI(`*`) is allowed there"],
                    "status": "disabled", "using": ["web"], "name": "{broken}@kubernetescrd", "provider": "kubernetescrd",
                    "priorityStr": "24"
                  },
                  {
                    "service": "{catchall}", "rule": "HostSNI(`*`)", "priority": -1, "status": "enabled",
                    "using": ["web"], "name": "{catchall}@kubernetescrd", "provider": "kubernetescrd", "priorityStr": "-1"
                  },
                  {
                    "entryPoints": ["web"], "service": "{partial}", "rule": "ClientIP(`192.168.0.0/16`)", "priority": 26,
                    "error": ["spec.routes[0].services[1]: kubernetes service default/nosuch not found; the route serves with its other services"],
                    "status": "warning", "using": ["web"], "name": "{partial}@kubernetescrd", "provider": "kubernetescrd",
                    "priorityStr": "26"
                  },
                  {
                    "entryPoints": ["web"], "service": "{passthrough}", "rule": "HostSNI(`db.example`)", "priority": 21,
                    "tls": {"passthrough": true}, "status": "enabled", "using": ["web"],
                    "name": "{passthrough}@kubernetescrd", "provider": "kubernetescrd", "priorityStr": "21"
                  },
                  {
                    "entryPoints": ["web"], "middlewares": ["default-limit"], "service": "{weighted}",
                    "rule": "ClientIP(`10.0.0.0/8`)", "priority": 22, "status": "enabled", "using": ["web"],
                    "name": "{weighted}@kubernetescrd", "provider": "kubernetescrd", "priorityStr": "22"
                  }
                ]
                """), getJson("/api/tcp/routers"));
    }

    @Test
    void oneTcpRouterByName() throws Exception {
        assertEquals(expected("""
                {
                  "entryPoints": ["web"], "service": "{passthrough}", "rule": "HostSNI(`db.example`)", "priority": 21,
                  "tls": {"passthrough": true}, "status": "enabled", "using": ["web"],
                  "name": "{passthrough}@kubernetescrd", "provider": "kubernetescrd", "priorityStr": "21"
                }
                """), getJson("/api/tcp/routers/" + routers.get("passthrough")));
        ContentResponse missing = management("/api/tcp/routers/nothing@kubernetescrd");
        assertEquals(404, missing.getStatus());
        assertEquals(404, management("/api/udp/middlewares").getStatus(), "UDP has no middlewares");
    }

    @Test
    void tcpServicesWithTypeServerStatusAndUsedBy() throws Exception {
        assertEquals(expected("""
                [
                  {
                    "loadBalancer": {"servers": [{"address": "127.0.0.1:5432"}]}, "status": "enabled",
                    "usedBy": ["{broken}@kubernetescrd"], "name": "{broken}@kubernetescrd", "provider": "kubernetescrd",
                    "type": "loadbalancer", "serverStatus": {"127.0.0.1:5432": "UP"}
                  },
                  {
                    "loadBalancer": {"servers": [{"address": "127.0.0.1:5432"}]}, "status": "enabled",
                    "usedBy": ["{catchall}@kubernetescrd"], "name": "{catchall}@kubernetescrd", "provider": "kubernetescrd",
                    "type": "loadbalancer", "serverStatus": {"127.0.0.1:5432": "UP"}
                  },
                  {
                    "loadBalancer": {"servers": [{"address": "127.0.0.1:5432"}]}, "status": "enabled",
                    "name": "{partial}-pg-80@kubernetescrd", "provider": "kubernetescrd", "type": "loadbalancer",
                    "serverStatus": {"127.0.0.1:5432": "UP"}
                  },
                  {
                    "weighted": {"services": [{"name": "{partial}-pg-80", "weight": 1}]}, "status": "enabled",
                    "usedBy": ["{partial}@kubernetescrd"], "name": "{partial}@kubernetescrd", "provider": "kubernetescrd",
                    "type": "weighted"
                  },
                  {
                    "loadBalancer": {"servers": [{"address": "127.0.0.1:5432"}]}, "status": "enabled",
                    "usedBy": ["{passthrough}@kubernetescrd"], "name": "{passthrough}@kubernetescrd",
                    "provider": "kubernetescrd", "type": "loadbalancer", "serverStatus": {"127.0.0.1:5432": "UP"}
                  },
                  {
                    "loadBalancer": {"servers": [{"address": "127.0.0.1:5432"}]}, "status": "enabled",
                    "name": "{weighted}-pg-80@kubernetescrd", "provider": "kubernetescrd", "type": "loadbalancer",
                    "serverStatus": {"127.0.0.1:5432": "UP"}
                  },
                  {
                    "loadBalancer": {"servers": [{"address": "127.0.0.1:5433"}]}, "status": "enabled",
                    "name": "{weighted}-pg2-80@kubernetescrd", "provider": "kubernetescrd", "type": "loadbalancer",
                    "serverStatus": {"127.0.0.1:5433": "UP"}
                  },
                  {
                    "weighted": {"services": [{"name": "{weighted}-pg-80", "weight": 3}, {"name": "{weighted}-pg2-80", "weight": 1}]},
                    "status": "enabled", "usedBy": ["{weighted}@kubernetescrd"], "name": "{weighted}@kubernetescrd",
                    "provider": "kubernetescrd", "type": "weighted"
                  }
                ]
                """), getJson("/api/tcp/services"));
    }

    @Test
    void tcpMiddlewaresAndUdp() throws Exception {
        assertEquals(expected("""
                [{
                  "inFlightConn": {"amount": 10}, "status": "enabled", "usedBy": ["{weighted}@kubernetescrd"],
                  "name": "default-limit@kubernetescrd", "provider": "kubernetescrd", "type": "inflightconn"
                }]
                """), getJson("/api/tcp/middlewares"));
        assertEquals(expected("""
                [{
                  "entryPoints": ["dns"], "service": "default-dns-0", "status": "enabled", "using": ["dns"],
                  "name": "default-dns-0@kubernetescrd", "provider": "kubernetescrd"
                }]
                """), getJson("/api/udp/routers"));
        assertEquals(expected("""
                [{
                  "loadBalancer": {"servers": [{"address": "127.0.0.1:5353"}]}, "status": "enabled",
                  "usedBy": ["default-dns-0@kubernetescrd"], "name": "default-dns-0@kubernetescrd", "provider": "kubernetescrd",
                  "type": "loadbalancer"
                }]
                """), getJson("/api/udp/services"));
    }

    @Test
    void overviewCountsTcpAndUdp() throws Exception {
        var overview = getJson("/api/overview").asJsonObject();
        assertEquals(json("""
                {
                  "routers": {"total": 5, "warnings": 1, "errors": 1},
                  "services": {"total": 8, "warnings": 0, "errors": 0},
                  "middlewares": {"total": 1, "warnings": 0, "errors": 0}
                }
                """), overview.get("tcp"));
        assertEquals(json("""
                {"routers": {"total": 1, "warnings": 0, "errors": 0}, "services": {"total": 1, "warnings": 0, "errors": 0}}
                """), overview.get("udp"));
    }

    @Test
    void rawDataHoldsTheLayerFourInfosByName() throws Exception {
        var raw = getJson("/api/rawdata").asJsonObject();
        assertEquals(expected("""
                {
                  "entryPoints": ["web"], "service": "{passthrough}", "rule": "HostSNI(`db.example`)", "priority": 21,
                  "tls": {"passthrough": true}, "status": "enabled", "using": ["web"]
                }
                """), raw.getJsonObject("tcpRouters").get(routers.get("passthrough")));
        assertEquals(5, raw.getJsonObject("tcpRouters").size());
        assertEquals(8, raw.getJsonObject("tcpServices").size());
        assertEquals(List.of("default-limit@kubernetescrd"), List.copyOf(raw.getJsonObject("tcpMiddlewares").keySet()));
        assertEquals(List.of(routers.get("udp-dns")), List.copyOf(raw.getJsonObject("udpRouters").keySet()));
        assertEquals(List.of(routers.get("udp-dns")), List.copyOf(raw.getJsonObject("udpServices").keySet()));
    }

    @Test
    void pagedByName() throws Exception {
        List<String> all = names(getJson("/api/tcp/services"));
        assertEquals(8, all.size());
        assertEquals(all.stream().sorted().toList(), all);
        ContentResponse first = management("/api/tcp/services?per_page=5");
        assertEquals("2", first.getHeaders().get("X-Next-Page"));
        assertEquals(all.subList(0, 5), names(json(first.getContentAsString())));
        ContentResponse second = management("/api/tcp/services?per_page=5&page=2");
        assertEquals("1", second.getHeaders().get("X-Next-Page"));
        assertEquals(all.subList(5, 8), names(json(second.getContentAsString())));
        assertEquals("1", management("/api/tcp/routers").getHeaders().get("X-Next-Page"));
        assertEquals(400, management("/api/tcp/routers?per_page=0").getStatus());
        assertEquals(400, management("/api/tcp/routers?page=3&per_page=4").getStatus(), "past the last router");
    }

    @Test
    void filteredBySearchStatusServiceAndMiddleware() throws Exception {
        String broken = routers.get("broken");
        String weighted = routers.get("weighted");
        String dns = routers.get("udp-dns");
        assertEquals(List.of(broken), names(getJson("/api/tcp/routers?status=disabled")));
        assertEquals(List.of(broken), names(getJson("/api/tcp/routers?search=PLAIN.example")), "the rule is searched");
        assertEquals(List.of(weighted), names(getJson("/api/tcp/routers?search=default-weighted")), "and the name");
        assertEquals(List.of(weighted), names(getJson("/api/tcp/routers?serviceName=" + weighted)));
        assertEquals(List.of(weighted), names(getJson("/api/tcp/routers?serviceName="
                + weighted.substring(0, weighted.indexOf('@')))));
        assertEquals(List.of(weighted), names(getJson("/api/tcp/routers?middlewareName=default-limit")));
        assertEquals(List.of(routers.get("partial")), names(getJson("/api/tcp/routers?status=warning")),
                "enabled, with what the translator said of it");
        // By name, as Traefik sorts: '-' before '@', so the children come first.
        assertEquals(List.of(weighted.replace("@", "-pg-80@"), weighted.replace("@", "-pg2-80@"), weighted),
                names(getJson("/api/tcp/services?search=default-weighted")));
        assertEquals(List.of(), names(getJson("/api/tcp/services?status=disabled")));
        assertEquals(List.of(dns), names(getJson("/api/udp/routers?serviceName=" + dns)));
        assertEquals(List.of(dns), names(getJson("/api/udp/routers?middlewareName=default-limit")),
                "UDP routers have no middlewares: Traefik does not filter them by one");
        assertEquals(List.of(dns), names(getJson("/api/udp/services?status=enabled")));
        assertEquals(400, management("/api/tcp/routers?status=broken").getStatus());
    }
}
