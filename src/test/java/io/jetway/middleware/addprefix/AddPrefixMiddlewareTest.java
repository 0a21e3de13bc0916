package io.jetway.middleware.addprefix;

import io.jetway.middleware.MiddlewareProbe;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AddPrefixMiddlewareTest {

    @Test
    void forwardsThePathWithThePrefixAndKeepsTheQuery() throws Exception {
        MiddlewareProbe probe = MiddlewareProbe.get("/users?page=2")
                .run(new AddPrefixMiddleware(new AddPrefixOptions("/api")));

        assertTrue(probe.passedOn());
        assertEquals("/api/users", probe.exchange().path());
        assertEquals("page=2", probe.exchange().query());
    }
}
