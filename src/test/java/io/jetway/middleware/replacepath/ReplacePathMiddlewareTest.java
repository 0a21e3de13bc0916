package io.jetway.middleware.replacepath;

import io.jetway.middleware.MiddlewareProbe;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ReplacePathMiddlewareTest {

    @Test
    void forwardsTheFixedPathAndTellsTheOriginal() throws Exception {
        MiddlewareProbe probe = MiddlewareProbe.get("/old/page?q=1").run(new ReplacePathMiddleware(new ReplacePathOptions("/new")));

        assertTrue(probe.passedOn());
        assertEquals("/new", probe.exchange().path());
        assertEquals("q=1", probe.exchange().query());
        assertEquals(List.of("/old/page"), probe.exchange().requestHeader("X-Replaced-Path"));
    }
}
