package io.jetway.middleware.contenttype;

import io.jetway.kube.Node;
import io.jetway.middleware.MiddlewareProbe;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ContentTypeMiddlewareTest {

    @Test
    void asksTheProxyToDetectTheContentType() throws Exception {
        MiddlewareProbe probe = MiddlewareProbe.get("/").run(new ContentTypeMiddleware(new ContentTypeOptions(true, false)));

        assertTrue(probe.passedOn());
        assertTrue(probe.exchange().detectsContentType());
    }

    @Test
    void autoDetectFalseDoesNothing() throws Exception {
        MiddlewareProbe probe = MiddlewareProbe.get("/")
                .run(ContentTypeMiddleware.create(Node.root(Map.of("autoDetect", false)), MiddlewareProbe.context()));

        assertTrue(probe.passedOn());
        assertFalse(probe.exchange().detectsContentType());
    }
}
