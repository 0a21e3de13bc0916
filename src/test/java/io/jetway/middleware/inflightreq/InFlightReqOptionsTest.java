package io.jetway.middleware.inflightreq;

import io.jetway.kube.Node;
import io.jetway.middleware.MiddlewareProbe;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** inFlightReq's options: a positive amount is required; the source is the remote address unless told. */
class InFlightReqOptionsTest {

    private static InFlightReqOptions parse(Map<String, Object> options) {
        return InFlightReqOptions.from(Node.at("spec.inFlightReq", options));
    }

    private static String error(Map<String, Object> options) {
        return assertThrows(Node.InvalidFieldException.class, () -> parse(options)).getMessage();
    }

    @Test
    void theSourceIsTheRemoteAddressByDefault() {
        InFlightReqOptions options = parse(Map.of("amount", 3));

        assertEquals(3, options.amount());
        assertEquals("192.0.2.7", options.sourceCriterion().source(MiddlewareProbe.get("/").remoteAddr("192.0.2.7").request()));
    }

    @Test
    void everyOptionIsRead() {
        InFlightReqOptions options = parse(Map.of("amount", "10", "sourceCriterion", Map.of("requestHost", true)));

        assertEquals(10, options.amount());
        assertEquals("a.test", options.sourceCriterion().source(MiddlewareProbe.get("/").header("Host", "a.test").request()));
    }

    @Test
    void eachBadValueNamesItsField() {
        assertEquals("spec.inFlightReq.amount: must be a positive number of requests", error(Map.of()));
        assertEquals("spec.inFlightReq.amount: must be a positive number of requests", error(Map.of("amount", 0)));
        assertEquals("spec.inFlightReq.amount: expected an integer, got \"lots\"", error(Map.of("amount", "lots")));
        assertEquals("spec.inFlightReq.sourceCriterion: ipStrategy, requestHeaderName and requestHost are mutually exclusive",
                error(Map.of("amount", 1, "sourceCriterion", Map.of("ipStrategy", Map.of(), "requestHost", true))));
    }
}
