package io.jetway.middleware.gatewayapi;

import io.jetway.kube.Node;
import io.jetway.middleware.LocalResponses;
import io.jetway.middleware.MiddlewareProbe;
import jakarta.servlet.Filter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.eclipse.jetty.http.HttpFields;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The backend's response headers (and answers given here) after the filter's set, add and remove. */
class ResponseHeaderModifierMiddlewareTest {

    private static Filter middleware(Map<String, Object> options) {
        return ResponseHeaderModifierMiddleware.create(Node.root(options), MiddlewareProbe.context("f@kubernetesgateway"));
    }

    /** Runs the middleware, then applies what it asked to a backend response with these headers, as the proxy does. */
    private static HttpFields backendResponse(Map<String, Object> options, HttpFields backend) throws Exception {
        MiddlewareProbe probe = MiddlewareProbe.get("/").header("Host", "app.test").run(middleware(options));
        assertTrue(probe.passedOn());
        HttpFields.Mutable headers = HttpFields.build(backend);
        probe.exchange().edits().applyToResponse(headers);
        return headers;
    }

    private static Map<String, Object> entry(String name, String value) {
        return Map.of("name", name, "value", value);
    }

    private static HttpFields backend() {
        return HttpFields.build().add("X-Env", "dev").add("X-Env", "test").add("X-Kept", "k").add("X-Tag", "a");
    }

    @Test
    void setReplacesEveryValueWhateverTheCaseOfTheName() throws Exception {
        HttpFields out = backendResponse(Map.of("set", List.of(entry("x-env", "prod"), entry("X-New", "n"))), backend());

        assertEquals(List.of("prod"), out.getValuesList("X-Env"));
        assertEquals(List.of("n"), out.getValuesList("X-New"));
        assertEquals(List.of("k"), out.getValuesList("X-Kept"));
    }

    @Test
    void addPutsAnotherValueAfterTheBackendsOnes() throws Exception {
        HttpFields out = backendResponse(Map.of("add", List.of(entry("x-tag", "b"), entry("X-Fresh", "f"))), backend());

        assertEquals(List.of("a", "b"), out.getValuesList("X-Tag"));
        assertEquals(List.of("f"), out.getValuesList("X-Fresh"));
    }

    @Test
    void removeDropsTheHeaderInAnyCase() throws Exception {
        HttpFields out = backendResponse(Map.of("remove", List.of("x-env", "X-Absent")), backend());

        assertEquals(List.of(), out.getValuesList("X-Env"));
        assertEquals(List.of("k"), out.getValuesList("X-Kept"));
    }

    @Test
    void setComesBeforeAddAndRemoveComesLast() throws Exception {
        HttpFields out = backendResponse(Map.of(
                "set", List.of(entry("X-Env", "set"), entry("X-Tag", "set")),
                "add", List.of(entry("X-Env", "added"), entry("X-Tag", "added"), entry("X-Kept", "added")),
                "remove", List.of("X-Tag", "x-kept")), backend());

        assertEquals(List.of("set", "added"), out.getValuesList("X-Env"));
        assertEquals(List.of(), out.getValuesList("X-Tag"), "removed after being set and added to");
        assertEquals(List.of(), out.getValuesList("X-Kept"), "removed after being added to");
    }

    @Test
    void anAnswerGivenAfterTheFilterGetsTheEditsOnce() throws Exception {
        Filter modifier = middleware(Map.of("set", List.of(entry("X-Set", "s")), "add", List.of(entry("X-Added", "a"))));
        // A later link that answers itself, as a redirect or a service without servers does.
        Filter chain = (request, response, next) -> modifier.doFilter(request, response, (rq, rs) ->
                LocalResponses.send((HttpServletRequest) rq, (HttpServletResponse) rs, 503, "Service Unavailable"));

        MiddlewareProbe probe = MiddlewareProbe.get("/").header("Host", "app.test").run(chain);

        assertEquals(503, probe.status());
        assertEquals(List.of("s"), probe.responseHeaders("X-Set"));
        assertEquals(List.of("a"), probe.responseHeaders("X-Added"));
    }
}
