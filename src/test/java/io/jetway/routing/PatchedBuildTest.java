package io.jetway.routing;

import io.jetway.dynamic.DynamicConfig;
import io.jetway.dynamic.HealthCheck;
import io.jetway.dynamic.MiddlewareConfig;
import io.jetway.dynamic.RouterConfig;
import io.jetway.dynamic.RouterTls;
import io.jetway.dynamic.ServiceConfig;
import io.jetway.kube.ObjectRef;
import io.jetway.kube.Problem;
import io.jetway.service.InternalService;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;

import static io.jetway.routing.RoutingTableBuilderTest.ENTRY_POINTS;
import static io.jetway.routing.RoutingTableBuilderTest.SRC;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A small change to routers and services patches the table serving (copies it and compiles only
 * what changed) and gives the table a full build gives: random chains of changes, each patched
 * table compared with a build from scratch of the same configuration (statuses, errors, routers
 * per entry point in order, servers, health targets, and the router each sample request gets).
 * Unchanged routers and services are handed over as the same objects, as translation does.
 */
class PatchedBuildTest {

    private static final int ROUTERS = 60;
    private static final int SERVICES = 40;
    private static final Set<String> INTERNAL = Set.of(InternalService.NOOP);
    private static final HealthCheck CHECK = new HealthCheck(null, null, "/health", null, 0, 0, null, Map.of(), true,
            Duration.ofSeconds(30), null, Duration.ofSeconds(5));

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 4, 5, 6})
    void aPatchedTableIsTheTableAFullBuildMakes(long seed) {
        Random random = new Random(seed);
        World world = new World(random);
        BalancerState state = new BalancerState();
        RoutingTable table = RoutingTableBuilder.build(world.config(), ENTRY_POINTS, state, INTERNAL, null);
        int patches = 0;
        for (int step = 0; step < 80; step++) {
            world.change();
            DynamicConfig config = world.config();
            table = RoutingTableBuilder.build(config, ENTRY_POINTS, state, INTERNAL, table);
            patches += table.buildCounts().patched() ? 1 : 0;
            RoutingTable scratch = RoutingTableBuilder.build(config, ENTRY_POINTS, new BalancerState(), INTERNAL, null);
            assertSameTable(scratch, table, world, "seed " + seed + " step " + step + " (" + world.lastChange + ")");
        }
        assertTrue(patches > 40, "most changes patch: " + patches + " of 80");
    }

    @Test
    void aPatchCompilesTheChangedRouterAndKeepsTheOthersAsTheyAre() {
        World world = new World(new Random(7));
        BalancerState state = new BalancerState();
        RoutingTable first = RoutingTableBuilder.build(world.config(), ENTRY_POINTS, state, INTERNAL, null);
        world.routers.put("r-3", new RouterConfig("r-3", List.of(), "Host(`moved.test`)", 0, "v3", List.of(), "svc-3", SRC));
        RoutingTable second = RoutingTableBuilder.build(world.config(), ENTRY_POINTS, state, INTERNAL, first);

        assertTrue(second.buildCounts().patched());
        assertEquals(1, second.buildCounts().routersCompiled());
        assertEquals(ROUTERS - 1, second.buildCounts().routersReused());
        assertEquals("r-3", second.route("web", new PlainGet("moved.test", "/")).name());
        CompiledRouter before = first.routers("web").stream().filter(r -> r.name().equals("r-4")).findFirst().orElseThrow();
        CompiledRouter after = second.routers("web").stream().filter(r -> r.name().equals("r-4")).findFirst().orElseThrow();
        assertSame(before, after, "an untouched router is the same object");

        // The patch updated the first table's parts in place: a second build from it builds in full.
        RoutingTable again = RoutingTableBuilder.build(world.config(), ENTRY_POINTS, state, INTERNAL, first);
        assertFalse(again.buildCounts().patched());
        assertEquals(ROUTERS, again.buildCounts().routersCompiled());
        assertEquals("r-3", again.route("web", new PlainGet("moved.test", "/")).name());
    }

    @Test
    void aChangedMiddlewareOrProblemListBuildsInFull() {
        World world = new World(new Random(8));
        BalancerState state = new BalancerState();
        RoutingTable first = RoutingTableBuilder.build(world.config(), ENTRY_POINTS, state, INTERNAL, null);
        world.middlewares.put("prefix", new MiddlewareConfig("prefix", "addPrefix", Map.of("prefix", "/other"), SRC));
        RoutingTable second = RoutingTableBuilder.build(world.config(), ENTRY_POINTS, state, INTERNAL, first);
        assertFalse(second.buildCounts().patched());
        world.problems.add(Problem.warning(new ObjectRef("IngressRoute", "default", "x"), "r-1", "a new warning"));
        RoutingTable third = RoutingTableBuilder.build(world.config(), ENTRY_POINTS, state, INTERNAL, second);
        assertFalse(third.buildCounts().patched());
        assertTrue(third.routerStatuses().stream().anyMatch(s -> s.name().equals("r-1") && s.warnings().contains("a new warning")));
    }

    static void assertSameTable(RoutingTable expected, RoutingTable actual, World world, String where) {
        List<PlainGet> requests = new ArrayList<>();
        for (String path : List.of("/", "/api", "/api/x", "/other")) {
            for (int i = 0; i < ROUTERS + 10; i++) {
                requests.add(new PlainGet("app-" + i + ".test", path));
            }
            requests.add(new PlainGet("unknown.test", path));
        }
        SameTables.assertSameTable(expected, actual, ENTRY_POINTS, requests, where);
    }

    /**
     * Routers on hosts, paths and no host, some over TLS or on one entry point, naming services
     * (some missing), middlewares (one broken, one asking for a service) and an internal service;
     * load balancers with and without health checks, one weighted service. A change replaces only
     * the entries it touches, leaving the others the same objects.
     */
    static final class World {
        final Random random;
        final TreeMap<String, RouterConfig> routers = new TreeMap<>();
        final Map<String, ServiceConfig> services = new HashMap<>();
        final Map<String, MiddlewareConfig> middlewares = new HashMap<>();
        final List<Problem> problems = new ArrayList<>();
        String lastChange = "";

        World(Random random) {
            this.random = random;
            for (int i = 0; i < SERVICES; i++) {
                services.put("svc-" + i, balancer(i, random.nextInt(4) == 0));
            }
            services.put("wrr", new ServiceConfig.Weighted(List.of(new ServiceConfig.WeightedChild("svc-0", 1),
                    new ServiceConfig.WeightedChild("svc-1", 2)), null, SRC));
            middlewares.put("prefix", new MiddlewareConfig("prefix", "addPrefix", Map.of("prefix", "/p"), SRC));
            middlewares.put("broken", new MiddlewareConfig("broken", "noSuchKind", Map.of(), SRC));
            middlewares.put("pages", new MiddlewareConfig("pages", "errors",
                    Map.of("status", List.of("500-599"), "service", "svc-2", "query", "/{status}"), SRC));
            for (int i = 0; i < ROUTERS; i++) {
                routers.put("r-" + i, router(i));
            }
            problems.add(Problem.warning(SRC, "r-5", "a warning the translator gave"));
            problems.add(new Problem(SRC, "r-6", "an error the translator gave"));
            problems.add(new Problem(SRC, "svc-7", "a broken service"));
        }

        DynamicConfig config() {
            return new DynamicConfig(routers, services, middlewares, problems);
        }

        private ServiceConfig balancer(int i, boolean checked) {
            List<ServiceConfig.Server> servers = new ArrayList<>();
            int count = 1 + random.nextInt(2);
            for (int s = 0; s < count; s++) {
                servers.add(new ServiceConfig.Server("http://10." + i + "." + random.nextInt(3) + "." + s + ":80", 1));
            }
            return new ServiceConfig.LoadBalancer(servers, true, Duration.ofMillis(100), "wrr", null, null,
                    checked ? CHECK : null, null, SRC);
        }

        private RouterConfig router(int i) {
            String rule = switch (random.nextInt(6)) {
                case 0 -> "Host(`app-" + i + ".test`) && PathPrefix(`/api`)";
                case 1 -> "PathPrefix(`/api/x`)";
                case 2 -> "Host(`app-" + random.nextInt(ROUTERS) + ".test`)";
                default -> "Host(`app-" + i + ".test`)";
            };
            String service = switch (random.nextInt(12)) {
                case 0 -> "missing";
                case 1 -> "wrr";
                case 2 -> InternalService.NOOP;
                default -> "svc-" + random.nextInt(SERVICES);
            };
            List<String> mws = switch (random.nextInt(8)) {
                case 0 -> List.of("prefix");
                case 1 -> List.of("broken");
                case 2 -> List.of("pages");
                case 3 -> List.of("absent");
                default -> List.of();
            };
            List<String> eps = switch (random.nextInt(5)) {
                case 0 -> List.of("websecure");
                case 1 -> List.of("nowhere");
                default -> List.of();
            };
            RouterTls tls = random.nextInt(5) == 0 ? RouterTls.DEFAULT : null;
            return new RouterConfig("r-" + i, eps, rule, random.nextInt(3) == 0 ? 0 : random.nextInt(50), "v3", mws,
                    service, SRC, List.of(), tls);
        }

        void change() {
            int changes = 1 + random.nextInt(3);
            StringBuilder what = new StringBuilder();
            for (int c = 0; c < changes; c++) {
                int i = random.nextInt(ROUTERS + 10);
                int s = random.nextInt(SERVICES + 2);
                switch (random.nextInt(7)) {
                    case 0, 1 -> {
                        routers.put("r-" + i, router(i));
                        what.append("router r-").append(i).append(' ');
                    }
                    case 2 -> {
                        routers.remove("r-" + i);
                        what.append("removed r-").append(i).append(' ');
                    }
                    case 3, 4 -> {
                        services.put("svc-" + s, balancer(s, random.nextBoolean()));
                        what.append("service svc-").append(s).append(' ');
                    }
                    case 5 -> {
                        services.remove("svc-" + s);
                        what.append("removed svc-").append(s).append(' ');
                    }
                    default -> {
                        if (random.nextInt(4) == 0) {
                            // Now and then something a patch cannot take.
                            middlewares.put("prefix", new MiddlewareConfig("prefix", "addPrefix",
                                    Map.of("prefix", "/p" + random.nextInt(3)), SRC));
                            what.append("middleware ");
                        }
                    }
                }
            }
            lastChange = what.toString().trim();
        }
    }
}
