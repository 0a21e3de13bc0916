package io.jetway.middleware.inflightreq;

import io.jetway.kube.Node;
import io.jetway.middleware.MiddlewareProbe;
import jakarta.servlet.Filter;
import jakarta.servlet.ServletException;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * inFlightReq on in-memory requests. A request is in flight while the rest of the chain runs, so
 * a second request is sent from inside the first one's chain.
 */
class InFlightReqMiddlewareTest {

    private static InFlightReqMiddleware inFlightReq(Map<String, Object> options) {
        return (InFlightReqMiddleware) InFlightReqMiddleware.create(Node.at("spec.inFlightReq", options), MiddlewareProbe.context());
    }

    /** The middleware, with {@code meanwhile} run while the request is in flight (before it passes on). */
    private static Filter whileInFlight(InFlightReqMiddleware middleware, ThrowingRunnable meanwhile) {
        return (request, response, next) -> middleware.doFilter(request, response, (rq, rs) -> {
            try {
                meanwhile.run();
            } catch (Exception e) {
                throw new ServletException(e);
            }
            next.doFilter(rq, rs);
        });
    }

    private interface ThrowingRunnable {
        void run() throws Exception;
    }

    @Test
    void beyondTheAmountASourceGets429UntilARequestEnds() throws Exception {
        InFlightReqMiddleware limit = inFlightReq(Map.of("amount", 1));
        MiddlewareProbe[] second = new MiddlewareProbe[1];

        MiddlewareProbe first = MiddlewareProbe.get("/").remoteAddr("192.0.2.1").run(whileInFlight(limit, () -> {
            assertEquals(1, limit.inFlight("192.0.2.1"));
            second[0] = MiddlewareProbe.get("/").remoteAddr("192.0.2.1").run(limit);
        }));

        assertTrue(first.passedOn());
        assertFalse(second[0].passedOn());
        assertEquals(429, second[0].status());
        assertEquals("Too Many Requests\n", second[0].responseBody());
        assertEquals(0, limit.inFlight("192.0.2.1"));
        assertTrue(MiddlewareProbe.get("/").remoteAddr("192.0.2.1").run(limit).passedOn());
    }

    @Test
    void otherSourcesAreNotCounted() throws Exception {
        InFlightReqMiddleware limit = inFlightReq(Map.of("amount", 1));
        MiddlewareProbe[] other = new MiddlewareProbe[1];

        MiddlewareProbe.get("/").remoteAddr("192.0.2.1").run(whileInFlight(limit,
                () -> other[0] = MiddlewareProbe.get("/").remoteAddr("192.0.2.2").run(limit)));

        assertTrue(other[0].passedOn());
    }

    @Test
    void theAmountCountsRequestsOfOneSourceTogether() throws Exception {
        InFlightReqMiddleware limit = inFlightReq(Map.of("amount", 2, "sourceCriterion", Map.of("requestHeaderName", "X-Tenant")));
        MiddlewareProbe[] third = new MiddlewareProbe[1];
        MiddlewareProbe[] second = new MiddlewareProbe[1];

        MiddlewareProbe.get("/").remoteAddr("192.0.2.1").header("X-Tenant", "acme").run(whileInFlight(limit, () ->
                second[0] = MiddlewareProbe.get("/").remoteAddr("192.0.2.2").header("X-Tenant", "acme").run(whileInFlight(limit, () ->
                        third[0] = MiddlewareProbe.get("/").remoteAddr("192.0.2.3").header("X-Tenant", "acme").run(limit)))));

        assertTrue(second[0].passedOn());
        assertEquals(429, third[0].status());
        assertEquals(0, limit.inFlight("acme"));
    }

    @Test
    void aFailingChainStillEndsTheRequest() {
        InFlightReqMiddleware limit = inFlightReq(Map.of("amount", 1));

        assertThrows(ServletException.class, () -> MiddlewareProbe.get("/").remoteAddr("192.0.2.1")
                .run(whileInFlight(limit, () -> {
                    throw new IllegalStateException("backend gone");
                })));

        assertEquals(0, limit.inFlight("192.0.2.1"));
    }
}
