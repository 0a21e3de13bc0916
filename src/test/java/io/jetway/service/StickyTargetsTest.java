package io.jetway.service;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Traefik v3's sticky cookie values (loadbalancer/sticky.go): the current one and the older ones it accepts. */
class StickyTargetsTest {

    @Test
    void fnvValuesAreGosFnv1SixtyFourInHexWithoutPadding() {
        // FNV-1 (not 1a) 64-bit test vectors; Go prints them with strconv.FormatUint(h, 16).
        assertEquals("cbf29ce484222325", StickyCookie.fnvValueFor(""));
        assertEquals("af63bd4c8601b7be", StickyCookie.fnvValueFor("a"));
        assertEquals("340d8765a4dda9c2", StickyCookie.fnvValueFor("foobar"));
        assertEquals("2514c99bd0012f2", StickyCookie.fnvValueFor("http://10.42.0.22:80"), "no leading zero");
    }

    @Test
    void theCurrentValueNamesItsTargetAndOlderOnesAreMarkedOutdated() {
        var targets = new StickyTargets<>(List.of("first", "second"), Function.identity());
        String current = StickyCookie.valueFor("first");
        assertEquals(current, targets.currentValue("first"));
        assertEquals(new StickyTargets.Match<>("first", false), targets.find(current));
        String fnv = StickyCookie.fnvValueFor("first");
        for (String older : List.of("first", fnv, StickyCookie.fnvValueFor(fnv))) {
            StickyTargets.Match<String> match = targets.find(older);
            assertEquals("first", match.target(), older);
            assertTrue(match.outdated(), older);
        }
        assertFalse(targets.find(StickyCookie.valueFor("second")).outdated());
        assertNull(targets.find(StickyCookie.valueFor("foo")));
        assertNull(targets.find(null));
    }
}
