package io.jetway.routing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jetway.routing.rule.Rule;
import io.jetway.routing.rule.RuleParser;
import io.jetway.routing.rule.RuleSyntax;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The index must pick exactly the router a walk over every router in priority order picks. */
class RouterIndexTest {

    /** Canonical request hosts (lowercase, no port, no trailing dot), of odd and even lengths. */
    private static final String[] HOSTS = {"a.com", "b.com", "x.a.com", "other.net", "y.x.a.com", "\u00fc.a.com",
            "x.\u00fc.a.com", "xn--tda.a.com", "y.xn--tda.a.com", "ab.b", ".a.com", ""};
    /** Hosts as rules write them: any case, a trailing dot, a port (which never matches). */
    private static final String[] RULE_HOSTS = {"a.com", "b.com", "x.a.com", "other.net", "XN--TDA.A.com", "AB.b",
            "a.com.", "a.com:8080"};
    private static final String[] PREFIXES = {"/", "/a", "/ab", "/a/", "/a/b", "/b", "/abc/d", "/z"};
    private static final String[] PATHS = {"/", "/a", "/ab", "/abc", "/abc/d", "/abc/de", "/a/", "/a/b", "/a/bc",
            "/b", "/ba", "/c", "/z", "/zz"};

    @Test
    void hostLessRoutersArePickedByPrefixInPriorityOrder() {
        List<CompiledRouter> routers = List.of(
                router("short", "PathPrefix(`/a`)", 0),
                router("longer", "PathPrefix(`/a/b`)", 0),
                router("exact", "Path(`/a/b/c/d/e/f`)", 0),
                router("host", "Host(`h.com`)", 0),
                router("low", "PathPrefix(`/a/b`)", 1),
                router("method", "Method(`GET`)", 0));
        RouterIndex index = new RouterIndex(routers);

        assertEquals("exact", index.match(new PlainGet("x.com", "/a/b/c/d/e/f")).name());
        assertEquals("longer", index.match(new PlainGet("x.com", "/a/b/c/d/e/f/")).name());
        assertEquals("short", index.match(new PlainGet("x.com", "/ab")).name(), "a prefix is character-wise");
        assertEquals("method", index.match(new PlainGet("x.com", "/b")).name());
        assertEquals("longer", index.match(new PlainGet("h.com", "/a/b")).name(), "a longer rule beats the host");
        assertEquals("host", index.match(new PlainGet("h.com", "/b")).name(), "as long as Method(`GET`): the name breaks the tie");
        assertEquals(6, index.all().size());
    }

    @Test
    void aRouterWithSeveralPrefixesIsTriedOnce() {
        RouterIndex index = new RouterIndex(List.of(router("both", "Path(`/a`) || PathPrefix(`/a/b`)", 0)));

        assertEquals("both", index.match(new PlainGet("x.com", "/a/b/c")).name());
        assertEquals("both", index.match(new PlainGet("x.com", "/a")).name());
        assertNull(index.match(new PlainGet("x.com", "/a/c")));
        assertEquals(1, index.all().size());
    }

    @Test
    void agreesWithALinearScanOnRandomTables() {
        Random random = new Random(18);
        for (int round = 0; round < 200; round++) {
            List<CompiledRouter> routers = new ArrayList<>();
            int count = 1 + random.nextInt(30);
            for (int n = 0; n < count; n++) {
                routers.add(router("r" + n, randomRule(random), random.nextInt(4) == 0 ? random.nextInt(3) : 0));
                if (random.nextInt(20) == 0) {
                    routers.add(routers.get(random.nextInt(routers.size())));
                }
            }
            RouterIndex index = new RouterIndex(routers);
            List<CompiledRouter> ordered = routers.stream().sorted(CompiledRouter.ORDER).toList();
            List<CompiledRouter> all = index.all();
            for (String host : HOSTS) {
                for (String path : PATHS) {
                    PlainGet request = new PlainGet(host, path);
                    CompiledRouter expected = ordered.stream().filter(r -> r.rule().matches(request)).findFirst().orElse(null);
                    assertEquals(expected, index.match(request), () -> request + " over " + ordered);
                    if (expected != null) {
                        assertTrue(all.contains(expected), () -> expected + " missing from all()");
                    }
                }
            }
            assertEquals(all.stream().distinct().sorted(CompiledRouter.ORDER).toList(), all, "all() is distinct and ordered");
            assertTrue(routers.containsAll(all));
        }
    }

    /**
     * An index updated from the previous table's (as a reload does) must match exactly as an index
     * built afresh from the same routers, through chains of updates that add, remove and replace
     * routers of every kind (exact and wildcard hosts, path-keyed, unindexed).
     */
    @Test
    void anUpdatedIndexMatchesAsANewOne() {
        Random random = new Random(1818);
        int patched = 0;
        for (int round = 0; round < 60; round++) {
            List<CompiledRouter> routers = randomRouters(random);
            RouterIndex index = new RouterIndex(routers);
            int next = 1000;
            for (int generation = 0; generation < 12; generation++) {
                List<CompiledRouter> changed = new ArrayList<>(routers);
                for (int c = random.nextInt(4); c > 0; c--) {
                    switch (random.nextInt(3)) {
                        case 0 -> changed.remove(random.nextInt(changed.size()));
                        case 1 -> changed.add(router("r" + next++, randomRule(random), random.nextInt(3)));
                        default -> {
                            // The same name with another rule: a changed router is a new object.
                            int at = random.nextInt(changed.size());
                            changed.set(at, router(changed.get(at).name(), randomRule(random), random.nextInt(3)));
                        }
                    }
                }
                RouterIndex updated = RouterIndex.updated(index, changed);
                if (changed.equals(routers)) {
                    assertTrue(updated == index, "the same routers keep the same index");
                }
                patched += updated.removedNumbers() > index.removedNumbers() ? 1 : 0;
                RouterIndex fresh = new RouterIndex(changed);
                for (String host : HOSTS) {
                    for (String path : PATHS) {
                        PlainGet request = new PlainGet(host, path);
                        assertEquals(fresh.match(request), updated.match(request),
                                () -> request + " after an update to " + changed);
                    }
                }
                assertEquals(fresh.all(), updated.all());
                routers = changed;
                index = updated;
            }
        }
        assertTrue(patched > 100, "updates were made in place, not only afresh: " + patched);
    }

    /**
     * The same told only which routers left and joined (as a patched table tells it), and an
     * update from an index another update already started from (then built afresh): both match as
     * an index built afresh from the routers they stand for.
     */
    @Test
    void anIndexToldWhatChangedMatchesAsANewOne() {
        Random random = new Random(2929);
        int patched = 0;
        for (int round = 0; round < 60; round++) {
            List<CompiledRouter> routers = randomRouters(random);
            RouterIndex index = new RouterIndex(routers);
            int next = 1000;
            for (int generation = 0; generation < 12; generation++) {
                List<CompiledRouter> changed = new ArrayList<>(routers);
                List<CompiledRouter> joining = new ArrayList<>();
                List<CompiledRouter> leaving = new ArrayList<>();
                for (int c = 1 + random.nextInt(3); c > 0; c--) {
                    switch (random.nextInt(3)) {
                        case 0 -> leaving.add(changed.remove(random.nextInt(changed.size())));
                        case 1 -> {
                            CompiledRouter r = router("r" + next++, randomRule(random), random.nextInt(3));
                            changed.add(r);
                            joining.add(r);
                        }
                        default -> {
                            int at = random.nextInt(changed.size());
                            CompiledRouter r = router(changed.get(at).name(), randomRule(random), random.nextInt(3));
                            leaving.add(changed.set(at, r));
                            joining.add(r);
                        }
                    }
                }
                RouterIndex updated = RouterIndex.updated(index, joining, leaving);
                patched += updated.removedNumbers() > index.removedNumbers() ? 1 : 0;
                RouterIndex fresh = new RouterIndex(changed);
                // The index the update started from was continued: another update from it starts afresh.
                RouterIndex again = random.nextInt(4) == 0 ? RouterIndex.updated(index, joining, leaving) : null;
                for (String host : HOSTS) {
                    for (String path : PATHS) {
                        PlainGet request = new PlainGet(host, path);
                        assertEquals(fresh.match(request), updated.match(request),
                                () -> request + " after " + leaving + " left and " + joining + " joined");
                        if (again != null) {
                            assertEquals(fresh.match(request), again.match(request), () -> request + " updated again");
                        }
                    }
                }
                assertEquals(fresh.all(), updated.all());
                routers = changed;
                index = updated;
            }
        }
        assertTrue(patched > 100, "updates were made in place, not only afresh: " + patched);
    }

    private static List<CompiledRouter> randomRouters(Random random) {
        List<CompiledRouter> routers = new ArrayList<>();
        for (int n = 0; n < 40 + random.nextInt(40); n++) {
            routers.add(router("r" + n, randomRule(random), random.nextInt(4) == 0 ? random.nextInt(3) : 0));
        }
        return routers;
    }

    private static String randomRule(Random random) {
        String path = random.nextBoolean()
                ? "PathPrefix(`" + pick(random, PREFIXES) + "`)"
                : "Path(`" + pick(random, PATHS) + "`)";
        String host = "Host(`" + pick(random, RULE_HOSTS) + "`)";
        return switch (random.nextInt(10)) {
            case 7 -> host;
            case 8 -> host + " && Host(`" + pick(random, RULE_HOSTS) + "`) && " + path;
            case 9 -> host + " && (" + path + " || Method(`POST`))";
            case 0 -> path;
            case 1 -> path + " || PathPrefix(`" + pick(random, PREFIXES) + "`)";
            case 2 -> host + " && " + path;
            case 3 -> switch (random.nextInt(6)) {
                case 0 -> "Host(`*.a.com`) || " + path;
                case 1 -> "Host(`*." + pick(random, RULE_HOSTS) + "`) && " + path;
                case 2 -> "Host(`*.a.com`)";
                case 3 -> host + " || Host(`*.a.com`)";
                case 4 -> host + " || Host(`" + pick(random, RULE_HOSTS) + "`)";
                default -> "(" + host + " || Host(`" + pick(random, RULE_HOSTS) + "`)) && " + path;
            };
            case 4 -> "Method(`GET`) && " + path;
            case 5 -> "!" + path;
            default -> "PathPrefix(`" + pick(random, PREFIXES) + "`) && " + path;
        };
    }

    private static String pick(Random random, String[] values) {
        return values[random.nextInt(values.length)];
    }

    private static CompiledRouter router(String name, String rule, int explicitPriority) {
        Rule parsed = RuleParser.parse(rule, RuleSyntax.V3);
        int priority = explicitPriority > 0 ? explicitPriority : rule.length();
        return new CompiledRouter(name, priority, parsed, List.of(), null);
    }
}
