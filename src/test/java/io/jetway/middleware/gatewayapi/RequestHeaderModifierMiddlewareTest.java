package io.jetway.middleware.gatewayapi;

import io.jetway.kube.Node;
import io.jetway.middleware.MiddlewareContext;
import io.jetway.middleware.MiddlewareProbe;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What the backend would get: the request's headers after the filter's set, add and remove. */
class RequestHeaderModifierMiddlewareTest {

    private static final MiddlewareContext CONTEXT = MiddlewareProbe.context("f@kubernetesgateway");

    private static MiddlewareProbe run(Map<String, Object> options, MiddlewareProbe probe) throws Exception {
        return probe.run(RequestHeaderModifierMiddleware.create(Node.root(options), CONTEXT));
    }

    private static MiddlewareProbe request() {
        return MiddlewareProbe.get("/p").header("Host", "app.test").header("X-Kept", "k");
    }

    private static Map<String, Object> entry(String name, String value) {
        return Map.of("name", name, "value", value);
    }

    @Test
    void setReplacesEveryValueWhateverTheCaseOfTheName() throws Exception {
        MiddlewareProbe probe = run(Map.of("set", List.of(entry("x-env", "prod"), entry("X-New", "n"))),
                request().header("X-Env", "dev").header("X-Env", "test"));

        assertTrue(probe.passedOn());
        assertEquals(List.of("prod"), probe.exchange().requestHeader("X-Env"));
        assertEquals(List.of("n"), probe.exchange().requestHeader("X-New"));
        assertEquals(List.of("k"), probe.exchange().requestHeader("X-Kept"), "headers not named are left alone");
    }

    @Test
    void settingHostChangesTheHostTheBackendGets() throws Exception {
        MiddlewareProbe probe = run(Map.of("set", List.of(entry("host", "backend.internal"))), request());

        assertEquals(List.of("backend.internal"), probe.exchange().requestHeader("Host"));
    }

    @Test
    void addPutsAnotherValueAfterTheExistingOnes() throws Exception {
        MiddlewareProbe existing = run(Map.of("add", List.of(entry("X-Tag", "b"))), request().header("x-tag", "a"));
        MiddlewareProbe absent = run(Map.of("add", List.of(entry("X-Tag", "b"))), request());

        assertEquals(List.of("a", "b"), existing.exchange().requestHeader("X-Tag"));
        assertEquals(List.of("b"), absent.exchange().requestHeader("X-Tag"));
    }

    @Test
    void removeDropsTheHeaderInAnyCase() throws Exception {
        MiddlewareProbe probe = run(Map.of("remove", List.of("x-kept", "X-Absent")), request().header("X-Other", "o"));

        assertEquals(List.of(), probe.exchange().requestHeader("X-Kept"));
        assertEquals(List.of(), probe.exchange().requestHeader("X-Absent"));
        assertEquals(List.of("o"), probe.exchange().requestHeader("X-Other"));
    }

    @Test
    void setComesBeforeAddAndRemoveComesLast() throws Exception {
        MiddlewareProbe probe = run(Map.of(
                        "set", List.of(entry("X-Both", "set"), entry("X-Gone", "set")),
                        "add", List.of(entry("X-Both", "added"), entry("X-Gone", "added")),
                        "remove", List.of("X-Gone")),
                request().header("X-Both", "old").header("X-Gone", "old"));

        assertEquals(List.of("set", "added"), probe.exchange().requestHeader("X-Both"));
        assertEquals(List.of(), probe.exchange().requestHeader("X-Gone"));
    }

    @Test
    void hostCanBeSetButNotAddedToOrRemoved() throws Exception {
        MiddlewareProbe probe = run(Map.of("add", List.of(entry("Host", "second.test")), "remove", List.of("Host")), request());

        assertEquals(List.of("app.test"), probe.exchange().requestHeader("Host"));
    }
}
