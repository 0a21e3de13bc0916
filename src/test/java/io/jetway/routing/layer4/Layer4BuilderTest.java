package io.jetway.routing.layer4;

import io.jetway.dynamic.Layer4Config;
import io.jetway.dynamic.ServiceConfig;
import io.jetway.dynamic.TcpMiddlewareConfig;
import io.jetway.dynamic.TcpRouterConfig;
import io.jetway.dynamic.TcpRouterTls;
import io.jetway.dynamic.TcpServersTransport;
import io.jetway.dynamic.TcpServiceConfig;
import io.jetway.dynamic.UdpRouterConfig;
import io.jetway.dynamic.UdpServiceConfig;
import io.jetway.routing.RouterStatus;
import io.jetway.routing.tcp.TcpConnectionInfo;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class Layer4BuilderTest {

    private static final Layer4Builder.EntryPointNames EPS = new Layer4Builder.EntryPointNames(
            List.of("web", "websecure"), List.of("web", "websecure"), List.of("dns", "dns2"));

    private final Map<String, TcpRouterConfig> routers = new HashMap<>();
    private final Map<String, TcpServiceConfig> services = new HashMap<>();
    private final Map<String, TcpMiddlewareConfig> middlewares = new HashMap<>();
    private final Map<String, TcpServersTransport> transports = new HashMap<>();
    private final Map<String, UdpRouterConfig> udpRouters = new HashMap<>();
    private final Map<String, UdpServiceConfig> udpServices = new HashMap<>();
    private final Layer4State state = new Layer4State();

    private Layer4Table build() {
        return Layer4Builder.build(new Layer4Config(routers, services, middlewares, transports, udpRouters, udpServices),
                Set.of("default-opt@kubernetescrd"), EPS, state);
    }

    private void router(String name, String rule, long priority, TcpRouterTls tls, String service, String... mws) {
        routers.put(name, new TcpRouterConfig(name, List.of("web"), rule, priority, null, List.of(mws), service, tls, null));
    }

    private void service(String name, String... addresses) {
        List<TcpServiceConfig.Server> servers = new ArrayList<>();
        for (String a : addresses) {
            servers.add(new TcpServiceConfig.Server(a, false));
        }
        services.put(name, new TcpServiceConfig.LoadBalancer(servers, null, null, 0, null));
    }

    private static TcpConnectionInfo conn(String sni) throws Exception {
        return new TcpConnectionInfo(sni, List.of(), InetAddress.getByName("127.0.0.1"));
    }

    @Test
    void routersAreOrderedByPriorityAndSplitByTls() throws Exception {
        service("s", "127.0.0.1:1");
        router("catch", "HostSNI(`*`)", 0, null, "s");
        router("ip", "ClientIP(`127.0.0.1`)", 0, null, "s");
        router("a", "HostSNI(`a.example`)", 0, new TcpRouterTls(false, null, null, List.of()), "s");
        router("any-tls", "HostSNI(`*`)", 0, new TcpRouterTls(true, null, null, List.of()), "s");

        TcpEntryPointRoutes web = build().tcp("web");

        assertEquals(List.of("ip", "catch"), web.plain().stream().map(TcpRoute::name).toList(), "-1 for HostSNI(`*`)");
        assertEquals("ip", web.matchPlain(conn("")).name());
        assertEquals("a", web.matchTls(conn("a.example"), false).name());
        assertNull(web.matchTls(conn("b.example"), false));
        assertEquals("any-tls", web.matchTls(conn("b.example"), true).name());
        assertEquals("catch", web.plainCatchAll().name());
        assertTrue(build().tcp("websecure").isEmpty(), "the routers name web only");
    }

    @Test
    void aBadRouterIsDisabledWithItsErrorAndTheOthersServe() throws Exception {
        service("s", "127.0.0.1:1");
        router("good", "HostSNI(`*`)", 0, null, "s");
        router("sni-without-tls", "HostSNI(`a.example`)", 0, null, "s");
        router("no-service", "HostSNI(`*`)", 0, null, "missing");
        router("bad-options", "HostSNI(`b.example`)", 0, new TcpRouterTls(false, "default-nope@kubernetescrd", null, List.of()), "s");
        router("bad-middleware", "HostSNI(`*`)", 5, null, "s", "default-nothing@kubernetescrd");

        Layer4Table table = build();

        assertEquals(RouterStatus.ENABLED, table.tcpRouterStatuses().get("good").status());
        for (String bad : List.of("sni-without-tls", "no-service", "bad-options", "bad-middleware")) {
            RouterStatus status = table.tcpRouterStatuses().get(bad);
            assertEquals(RouterStatus.DISABLED, status.status(), bad);
            assertTrue(!status.errors().isEmpty(), bad);
        }
        assertTrue(table.tcpRouterStatuses().get("no-service").errors().get(0).contains("missing"));
        assertTrue(table.tcpRouterStatuses().get("bad-options").errors().get(0).contains("default-nope@kubernetescrd"));
        assertEquals(List.of("good"), table.tcp("web").plain().stream().map(TcpRoute::name).toList());
    }

    @Test
    void aWeightedServiceSpreadsConnectionsByWeightAndRecursionIsAnError() {
        service("a", "127.0.0.1:1");
        service("b", "127.0.0.1:2");
        services.put("w", new TcpServiceConfig.Weighted(List.of(new ServiceConfig.WeightedChild("a", 3),
                new ServiceConfig.WeightedChild("b", 1)), null));
        services.put("loop", new TcpServiceConfig.Weighted(List.of(new ServiceConfig.WeightedChild("loop2", 1)), null));
        services.put("loop2", new TcpServiceConfig.Weighted(List.of(new ServiceConfig.WeightedChild("loop", 1)), null));
        router("r", "HostSNI(`*`)", 0, null, "w");
        router("looping", "ClientIP(`10.0.0.1`)", 0, null, "loop");

        Layer4Table table = build();
        TcpBalancer w = table.tcp("web").plain().get(table.tcp("web").plain().size() - 1).service();
        Map<Integer, Integer> ports = new HashMap<>();
        for (int i = 0; i < 400; i++) {
            ports.merge(w.next().port(), 1, Integer::sum);
        }

        assertEquals(Map.of(1, 300, 2, 100), ports);
        assertEquals(RouterStatus.DISABLED, table.tcpRouterStatuses().get("looping").status());
        assertTrue(table.tcpRouterStatuses().get("looping").errors().get(0).contains("recursion"),
                table.tcpRouterStatuses().get("looping").errors().toString());
    }

    @Test
    void aNamedTransportWinsOverTheDeprecatedServiceFields() {
        transports.put("t", new TcpServersTransport("t", Duration.ofSeconds(5), Duration.ofSeconds(15),
                Duration.ofMillis(250), 1, null, null));
        services.put("named", new TcpServiceConfig.LoadBalancer(List.of(new TcpServiceConfig.Server("127.0.0.1:1", false)),
                "t", Duration.ofMillis(400), 2, null));
        services.put("deprecated", new TcpServiceConfig.LoadBalancer(List.of(new TcpServiceConfig.Server("127.0.0.1:2", false)),
                null, Duration.ofMillis(400), 2, null));
        services.put("bad-version", new TcpServiceConfig.LoadBalancer(List.of(new TcpServiceConfig.Server("127.0.0.1:3", false)),
                null, null, 3, null));
        router("a", "ClientIP(`10.0.0.1`)", 0, null, "named");
        router("b", "ClientIP(`10.0.0.2`)", 0, null, "deprecated");
        router("c", "ClientIP(`10.0.0.3`)", 0, null, "bad-version");

        Layer4Table table = build();
        TcpTarget named = route(table, "a").service().next();
        TcpTarget deprecated = route(table, "b").service().next();

        assertEquals(Duration.ofMillis(250), named.terminationDelay());
        assertEquals(1, named.proxyProtocolVersion());
        assertEquals(Duration.ofSeconds(5), named.transport().dialTimeout());
        assertEquals(Duration.ofMillis(400), deprecated.terminationDelay());
        assertEquals(2, deprecated.proxyProtocolVersion());
        assertEquals("default@internal", deprecated.transport().name());
        assertTrue(table.serviceErrors().get("bad-version").contains("unknown proxyProtocol version: 3"));
    }

    @Test
    void inFlightConnCountsPerClientAcrossReloadsAndIpAllowListRefusesOutsiders() throws Exception {
        service("s", "127.0.0.1:1");
        middlewares.put("one", new TcpMiddlewareConfig("one", "inFlightConn", Map.of("amount", 1), null));
        middlewares.put("private", new TcpMiddlewareConfig("private", "ipAllowList", Map.of("sourceRange", List.of("10.0.0.0/8")), null));
        middlewares.put("empty", new TcpMiddlewareConfig("empty", "ipAllowList", Map.of("sourceRange", List.of()), null));
        router("limited", "HostSNI(`*`)", 0, null, "s", "one");
        router("private", "ClientIP(`0.0.0.0/0`)", 0, null, "s", "private");
        router("broken", "ClientIP(`10.9.9.9`)", 0, null, "s", "empty");
        InetAddress client = InetAddress.getByName("127.0.0.1");

        TcpMiddleware.Admission first = route(build(), "limited").admit(client);
        Layer4Table reloaded = build();

        assertNotNull(first);
        assertNull(route(reloaded, "limited").admit(client), "the reload remembers the open connection");
        assertNotNull(route(reloaded, "limited").admit(InetAddress.getByName("127.0.0.2")), "per client address");
        first.release();
        assertNotNull(route(reloaded, "limited").admit(client));
        assertNull(route(reloaded, "private").admit(client));
        assertNotNull(route(reloaded, "private").admit(InetAddress.getByName("10.1.2.3")));
        assertEquals(RouterStatus.DISABLED, reloaded.tcpRouterStatuses().get("broken").status());
        assertTrue(reloaded.middlewareErrors().get("empty").contains("sourceRange is empty"));
    }

    @Test
    void oneUdpRouterPerEntryPointTheFirstByNameInDescendingOrderAndTheOthersAreReported() {
        udpServices.put("s", new UdpServiceConfig.LoadBalancer(List.of("127.0.0.1:53"), 0, null));
        udpRouters.put("alpha", new UdpRouterConfig("alpha", List.of("dns"), "s", null));
        udpRouters.put("beta", new UdpRouterConfig("beta", List.of("dns"), "s", null));
        udpRouters.put("all", new UdpRouterConfig("all", List.of(), "s", null));
        udpRouters.put("tcp-ep", new UdpRouterConfig("tcp-ep", List.of("web"), "s", null));

        Layer4Table table = build();

        assertEquals("beta", table.udp("dns").name(), "beta > alpha > all by name, descending");
        assertEquals("all", table.udp("dns2").name());
        assertEquals(RouterStatus.DISABLED, table.udpRouterStatuses().get("alpha").status());
        assertTrue(table.udpRouterStatuses().get("alpha").errors().get(0).contains("already served by the UDP router \"beta\""));
        assertEquals(RouterStatus.WARNING, table.udpRouterStatuses().get("all").status(), "serves dns2, not dns");
        assertEquals(RouterStatus.DISABLED, table.udpRouterStatuses().get("tcp-ep").status());
        assertTrue(table.udpRouterStatuses().get("tcp-ep").errors().toString().contains("not of the router's protocol"));
        assertEquals(53, table.udp("dns").service().next().port());
    }

    private static TcpRoute route(Layer4Table table, String name) {
        return table.tcp("web").plain().stream().filter(r -> r.name().equals(name)).findFirst().orElseThrow();
    }
}
