package io.jetway.routing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.jetway.routing.rule.RuleParser;
import io.jetway.routing.rule.RuleSyntax;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The candidates for a path are exactly the routers whose prefix it starts with, in priority order. */
class PathPrefixIndexTest {

    /** Characters around the byte limit of the heads the binary search compares first. */
    private static final char[] ALPHABET = {'/', 'a', 'b', '\u00fe', '\u00ff', '\u0100', '\u0101'};

    @Test
    void agreesWithStartsWithOnRandomPrefixes() {
        Random random = new Random(18);
        for (int round = 0; round < 300; round++) {
            List<CompiledRouter> routers = new ArrayList<>();
            int count = 1 + random.nextInt(40);
            for (int n = 0; n < count; n++) {
                String prefix = "/" + randomString(random, random.nextInt(12));
                routers.add(new CompiledRouter("r" + n, random.nextInt(5),
                        RuleParser.parse("PathPrefix(`" + prefix + "`)", RuleSyntax.V3), List.of(), null));
            }
            RouterNumbering numbering = new RouterNumbering(routers);
            PathPrefixIndex index = new PathPrefixIndex(routers, numbering);
            CompiledRouter[] numbered = numbering.routers();
            for (int p = 0; p < 200; p++) {
                String path = "/" + randomString(random, random.nextInt(14));
                List<CompiledRouter> expected = Arrays.stream(numbered)
                        .filter(r -> path.startsWith(r.rule().pathKeys().prefixes().iterator().next()))
                        .sorted(CompiledRouter.ORDER)
                        .toList();
                List<CompiledRouter> found = new ArrayList<>();
                int key = index.keyFor(path);
                if (key >= 0) {
                    for (int at = index.start(key); at < index.end(key); at += RouterNumbering.STRIDE) {
                        found.add(numbered[index.candidates()[at + RouterNumbering.ROUTER]]);
                    }
                }
                assertEquals(expected, found, () -> path + " over " + routers);
            }
        }
    }

    private static String randomString(Random random, int length) {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < length; i++) {
            // Mostly one letter, so prefixes share their first eight characters and the strings decide.
            s.append(random.nextInt(3) == 0 ? ALPHABET[random.nextInt(ALPHABET.length)] : 'a');
        }
        return s.toString();
    }
}
