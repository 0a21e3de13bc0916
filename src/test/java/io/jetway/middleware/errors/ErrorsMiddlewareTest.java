package io.jetway.middleware.errors;

import io.jetway.exchange.ErrorPages;
import io.jetway.kube.Node;
import io.jetway.middleware.MiddlewareProbe;
import io.jetway.service.Backend;
import io.jetway.service.ServiceHandler;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Which statuses errors catches, and which page the proxy fetches for them. */
class ErrorsMiddlewareTest {

    private static final ServiceHandler PAGES = new ServiceHandler() {
        @Override
        public String name() {
            return "pages@file";
        }

        @Override
        public Backend select(HttpServletRequest request, HttpServletResponse response) {
            return null;
        }
    };

    private static ErrorsMiddleware errors(Map<String, Object> spec) {
        return new ErrorsMiddleware(ErrorsOptions.from(Node.root(spec)), PAGES);
    }

    @Test
    void itAsksTheProxyToReplaceTheCaughtStatusesPages() throws Exception {
        ErrorsMiddleware middleware = errors(Map.of("status", List.of("404", "500-503"), "service", "pages"));
        MiddlewareProbe probe = MiddlewareProbe.get("/missing").run(middleware);

        assertTrue(probe.passedOn());
        assertSame(middleware, probe.exchange().errorPagesFor(404));
        assertSame(middleware, probe.exchange().errorPagesFor(503));
        assertNull(probe.exchange().errorPagesFor(504));
        assertNull(probe.exchange().errorPagesFor(200));
        assertSame(PAGES, middleware.service());
    }

    @Test
    void rangesIncludeBothEnds() {
        ErrorPages pages = errors(Map.of("status", List.of("500-503"), "service", "pages"));

        assertFalse(pages.catches(499));
        assertTrue(pages.catches(500));
        assertTrue(pages.catches(503));
        assertFalse(pages.catches(504));
    }

    @Test
    void statusRewritesChangeWhatTheClientGets() {
        ErrorPages pages = errors(Map.of("status", List.of("400-599"), "service", "pages",
                "statusRewrites", Map.of("418", 200, "500-599", 503)));

        assertEquals(200, pages.answerStatus(418));
        assertEquals(503, pages.answerStatus(502));
        assertEquals(404, pages.answerStatus(404));
    }

    @Test
    void thePageTargetFillsInTheStatusesAndTheEscapedUrl() throws Exception {
        ErrorPages pages = errors(Map.of("status", List.of("500-599"), "service", "pages",
                "statusRewrites", Map.of("502", 503), "query", "/{status}.html?from={originalStatus}&url={url}"));
        MiddlewareProbe probe = MiddlewareProbe.get("/a b/c?x=1&y=é");

        assertEquals("/503.html?from=502&url=%2Fa+b%2Fc%3Fx%3D1%26y%3D%C3%A9", pages.pageTarget(probe.request(), 502));
    }

    @Test
    void buildingResolvesTheServiceThroughTheContextNamingTheField() {
        Node.InvalidFieldException e = assertThrows(Node.InvalidFieldException.class, () -> ErrorsMiddleware.create(
                Node.at("spec.errors", Map.of("service", "gone")), MiddlewareProbe.context()));

        assertEquals("spec.errors.service", e.field());
    }
}
