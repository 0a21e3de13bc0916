package io.jetway.api;

import io.jetway.dynamic.DynamicConfig;
import io.jetway.dynamic.HealthCheck;
import io.jetway.dynamic.MiddlewareConfig;
import io.jetway.dynamic.RouterConfig;
import io.jetway.dynamic.RouterTls;
import io.jetway.dynamic.ServiceConfig;
import io.jetway.dynamic.TlsDomain;
import io.jetway.kube.ObjectRef;
import io.jetway.kube.Problem;
import io.jetway.routing.BalancerState;
import io.jetway.routing.RoutingTableBuilder;
import io.jetway.service.InternalService;
import jakarta.json.Json;
import jakarta.json.JsonValue;
import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbBuilder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.StringReader;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The model seen through Traefik's API shapes: every service kind, errors, child routers, secrets. */
class RuntimeViewTest {

    static final ObjectRef SOURCE = new ObjectRef("TraefikService", "default", "x");
    static final Jsonb JSONB = JsonbBuilder.create();

    @AfterAll
    static void close() throws Exception {
        JSONB.close();
    }

    static JsonValue json(String text) {
        return Json.createReader(new StringReader(text)).readValue();
    }

    static JsonValue asJson(Object value) {
        return json(JSONB.toJson(value));
    }

    static RuntimeView view(DynamicConfig config) {
        return new RuntimeView(RoutingTableBuilder.build(config, List.of("web", "websecure"), new BalancerState(),
                Set.of(InternalService.NOOP)), List.of("web", "websecure"));
    }

    static RouterConfig router(String name, List<String> entryPoints, String service, List<String> parents) {
        return new RouterConfig(name, entryPoints, "PathPrefix(`/" + name.substring(0, 1) + "`)", 0, "v3", List.of(),
                service, new ObjectRef("IngressRoute", "default", "r"), parents);
    }

    @Test
    void everyServiceKind() {
        ServiceConfig.Sticky sticky = new ServiceConfig.Sticky("lb", true, true, "Strict", 60, "", "/");
        HealthCheck health = new HealthCheck("http", "http", "/health", "GET", 0, 0, null, Map.of(), true,
                Duration.ofSeconds(10), Duration.ofSeconds(10), Duration.ofMillis(1500));
        Map<String, ServiceConfig> services = Map.of(
                "default-a-80@kubernetescrd", new ServiceConfig.LoadBalancer(List.of(new ServiceConfig.Server("http://10.0.0.1:80", 1),
                        new ServiceConfig.Server("http://10.0.0.2:80", 3)), false, Duration.ofMillis(-1), "p2c", null,
                        "default@internal", health, null, SOURCE),
                "default-sticky-80@kubernetescrd", new ServiceConfig.LoadBalancer(List.of(new ServiceConfig.Server("http://10.0.0.3:80", 1)),
                        true, Duration.ofMillis(100), "wrr", sticky, null, SOURCE),
                "default-wrr@kubernetescrd", new ServiceConfig.Weighted(List.of(new ServiceConfig.WeightedChild("default-a-80@kubernetescrd", 3),
                        new ServiceConfig.WeightedChild("other@file", 1)), null, SOURCE),
                "default-mirror@kubernetescrd", new ServiceConfig.Mirroring("default-a-80@kubernetescrd",
                        List.of(new ServiceConfig.Mirror("default-sticky-80@kubernetescrd", 20)), false, 1024, SOURCE),
                "default-failover@kubernetescrd", new ServiceConfig.Failover("default-a-80@kubernetescrd", "default-missing@kubernetescrd", SOURCE));
        Map<String, RouterConfig> routers = Map.of(
                "failing@kubernetescrd", router("failing@kubernetescrd", List.of("web"), "default-failover@kubernetescrd", List.of()));
        RuntimeView view = view(new DynamicConfig(routers, services, Map.of(),
                List.of(new Problem(SOURCE, "default-wrr@kubernetescrd", "services[1]: TraefikService default/gone not found"))));

        assertEquals(json("""
                {
                  "default-a-80@kubernetescrd": {
                    "loadBalancer": {
                      "servers": [{"url": "http://10.0.0.1:80"}, {"url": "http://10.0.0.2:80", "weight": 3}],
                      "strategy": "p2c", "passHostHeader": false, "responseForwarding": {"flushInterval": "-1ms"},
                      "serversTransport": "default@internal",
                      "healthCheck": {"scheme": "http", "mode": "http", "path": "/health", "method": "GET",
                                      "followRedirects": true, "interval": "10s", "unhealthyInterval": "10s", "timeout": "1.5s"}
                    },
                    "serverStatus": {"http://10.0.0.1:80": "UP", "http://10.0.0.2:80": "UP"},
                    "status": "enabled"
                  },
                  "default-sticky-80@kubernetescrd": {
                    "loadBalancer": {
                      "servers": [{"url": "http://10.0.0.3:80"}], "strategy": "wrr", "passHostHeader": true,
                      "responseForwarding": {"flushInterval": "100ms"},
                      "sticky": {"cookie": {"name": "lb", "secure": true, "httpOnly": true, "sameSite": "Strict", "maxAge": 60, "path": "/"}}
                    },
                    "status": "enabled"
                  },
                  "default-wrr@kubernetescrd": {
                    "weighted": {"services": [{"name": "default-a-80", "weight": 3}, {"name": "other@file", "weight": 1}]},
                    "error": ["services[1]: TraefikService default/gone not found"],
                    "status": "disabled"
                  },
                  "default-mirror@kubernetescrd": {
                    "mirroring": {"service": "default-a-80", "mirrorBody": false, "maxBodySize": 1024,
                                  "mirrors": [{"name": "default-sticky-80", "percent": 20}]},
                    "status": "enabled"
                  },
                  "default-failover@kubernetescrd": {
                    "failover": {"service": "default-a-80", "fallback": "default-missing"},
                    "error": ["service \\"default-failover@kubernetescrd\\": service \\"default-missing@kubernetescrd\\" does not exist"],
                    "status": "disabled",
                    "usedBy": ["failing@kubernetescrd"]
                  },
                  "noop@internal": {"status": "enabled"}
                }
                """), asJson(view.services()));
        assertEquals("weighted", view.serviceType("default-wrr@kubernetescrd"));
    }

    @Test
    void childRoutersUseTheirParentsEntryPoints() {
        Map<String, RouterConfig> routers = Map.of(
                "parent@kubernetescrd", router("parent@kubernetescrd", List.of("websecure", "nowhere"), null, List.of()),
                "child@kubernetescrd", router("child@kubernetescrd", List.of(), "noop@internal", List.of("parent@kubernetescrd")),
                "everywhere@kubernetescrd", router("everywhere@kubernetescrd", List.of(), "api@internal", List.of()));

        assertEquals(json("""
                {
                  "child@kubernetescrd": {
                    "service": "noop@internal", "rule": "PathPrefix(`/c`)", "priority": 16,
                    "parentRefs": ["parent@kubernetescrd"], "status": "enabled", "using": ["websecure"]
                  },
                  "everywhere@kubernetescrd": {
                    "service": "api@internal", "rule": "PathPrefix(`/e`)", "priority": 16,
                    "error": ["service \\"api@internal\\" does not exist: the API is not enabled (--api)"],
                    "status": "disabled", "using": ["web", "websecure"]
                  },
                  "parent@kubernetescrd": {
                    "entryPoints": ["websecure", "nowhere"], "rule": "PathPrefix(`/p`)", "priority": 16,
                    "error": ["entry point \\"nowhere\\" does not exist"], "status": "warning", "using": ["websecure"]
                  }
                }
                """), asJson(view(new DynamicConfig(routers, Map.of(), Map.of(), List.of())).routers()));
    }

    @Test
    void middlewaresShowTheirOptionsWithoutSecrets() {
        String pem = "-----BEGIN PRIVATE KEY-----\nMIIB\n-----END PRIVATE KEY-----\n";
        Map<String, MiddlewareConfig> middlewares = Map.of(
                "digest@file", new MiddlewareConfig("digest@file", "digestAuth",
                        Map.of("users", List.of("test:traefik:a2688e031edb4be6a3797f3882655c05"), "realm", "traefik"), SOURCE),
                "forward@file", new MiddlewareConfig("forward@file", "forwardAuth",
                        Map.of("address", "https://auth", "tls", Map.of("cert", "CERT", "key", pem, "insecureSkipVerify", true)), SOURCE),
                "unknown@file", new MiddlewareConfig("unknown@file", "plugin", Map.of("pem", true), SOURCE));
        Map<String, RouterConfig> routers = Map.of("r@file", new RouterConfig("r@file", List.of(), "Path(`/`)", 0, "v3",
                List.of("unknown@file"), "noop@internal", SOURCE));
        RuntimeView view = view(new DynamicConfig(routers, Map.of(), middlewares, List.of()));

        assertEquals(json("""
                {
                  "digest@file": {"digestAuth": {"realm": "traefik", "users": ["REDACTED"]}, "status": "enabled"},
                  "forward@file": {"forwardAuth": {"address": "https://auth",
                                   "tls": {"cert": "CERT", "insecureSkipVerify": true, "key": "REDACTED"}}, "status": "enabled"},
                  "unknown@file": {"plugin": {"pem": true},
                                   "error": ["middleware \\"unknown@file\\" of type plugin is not supported yet"],
                                   "status": "disabled", "usedBy": ["r@file"]}
                }
                """), asJson(view.middlewares()));
        assertEquals("forwardauth", view.middlewareType("forward@file"));
    }

    /** Options named as the provider wrote them: relative for the router's own provider, qualified across providers. */
    @Test
    void routerTlsOptionsAsTheProviderNamedThem() {
        ObjectRef ingress = new ObjectRef("Ingress", "default", "i");
        Map<String, RouterConfig> routers = Map.of(
                "own@kubernetescrd", new RouterConfig("own@kubernetescrd", List.of("websecure"), "Host(`a`)", 0, "v3",
                        List.of(), "noop@internal", SOURCE, List.of(), new RouterTls("default-opts@kubernetescrd", null, List.of())),
                "other@kubernetescrd", new RouterConfig("other@kubernetescrd", List.of("websecure"), "Host(`b`)", 0, "v3",
                        List.of(), "noop@internal", SOURCE, List.of(), new RouterTls("strict@file", null, List.of())),
                "ing@kubernetes", new RouterConfig("ing@kubernetes", List.of("websecure"), "Host(`c`)", 0, "v3",
                        List.of(), "noop@internal", ingress, List.of(),
                        new RouterTls("default-opts@kubernetescrd", "le", List.of(new TlsDomain("c", List.of())))));
        RuntimeView view = view(new DynamicConfig(routers, Map.of(), Map.of(), List.of()));
        assertEquals(json("{\"options\": \"default-opts\"}"), asJson(view.routers().get("own@kubernetescrd").tls()));
        assertEquals(json("{\"options\": \"strict@file\"}"), asJson(view.routers().get("other@kubernetescrd").tls()));
        assertEquals(json("{\"options\": \"default-opts@kubernetescrd\", \"certResolver\": \"le\", \"domains\": [{\"main\": \"c\"}]}"),
                asJson(view.routers().get("ing@kubernetes").tls()));
    }

    @ParameterizedTest(name = "{0} ns -> {1}")
    @CsvSource({
            "0, 0s", "500, 500ns", "1500, 1.5µs", "100000000, 100ms", "-1000000, -1ms", "1000000000, 1s",
            "1500000000, 1.5s", "90000000000, 1m30s", "3600000000000, 1h0m0s", "3723000000000, 1h2m3s",
    })
    void durationsAsGoPrintsThem(long nanos, String expected) {
        assertEquals(expected, GoDurations.format(Duration.ofNanos(nanos)));
    }
}
