package io.jetway.middleware.chain;

import io.jetway.exchange.Exchange;
import io.jetway.kube.Node;
import io.jetway.middleware.MiddlewareContext;
import io.jetway.middleware.MiddlewareProbe;
import io.jetway.service.ServiceHandler;
import jakarta.servlet.Filter;
import jakarta.servlet.http.HttpServletResponse;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ChainMiddlewareTest {

    /** Appends its name to the forwarded path, then passes on. */
    private static Filter appending(String name) {
        return (request, response, next) -> {
            Exchange exchange = Exchange.of(request);
            exchange.edits().setPath(exchange.path() + "/" + name);
            next.doFilter(request, response);
        };
    }

    private static final Filter REFUSING = (request, response, next) -> ((HttpServletResponse) response).setStatus(403);

    @Test
    void runsTheMembersInOrderThenPassesOn() throws Exception {
        MiddlewareProbe probe = MiddlewareProbe.get("/x").run(new ChainMiddleware(List.of(appending("a"), appending("b"))));

        assertTrue(probe.passedOn());
        assertEquals("/x/a/b", probe.exchange().path());
    }

    @Test
    void aMemberThatAnswersEndsTheChain() throws Exception {
        MiddlewareProbe probe = MiddlewareProbe.get("/x").run(new ChainMiddleware(List.of(appending("a"), REFUSING, appending("b"))));

        assertFalse(probe.passedOn());
        assertEquals(403, probe.status());
        assertEquals("/x/a", probe.exchange().path());
    }

    @Test
    void anEmptyChainPassesOn() throws Exception {
        assertTrue(MiddlewareProbe.get("/x").run(new ChainMiddleware(List.of())).passedOn());
    }

    @Test
    void membersAreFoundByNameThroughTheContext() throws Exception {
        List<String> asked = new ArrayList<>();
        Filter chain = ChainMiddleware.create(Node.root(Map.of("middlewares", List.of("b@file", "a@file"))),
                context((name, field) -> {
                    asked.add(name + " " + field);
                    return appending(name.substring(0, 1));
                }));

        MiddlewareProbe probe = MiddlewareProbe.get("/x").run(chain);

        assertEquals(List.of("b@file middlewares[0]", "a@file middlewares[1]"), asked);
        assertEquals("/x/b/a", probe.exchange().path());
    }

    @Test
    void aMissingMemberIsTheContextsError() {
        Node.InvalidFieldException e = assertThrows(Node.InvalidFieldException.class,
                () -> ChainMiddleware.create(Node.root(Map.of("middlewares", List.of("gone@file"))), MiddlewareProbe.context()));
        assertEquals("middlewares[0]", e.field());
    }

    private interface Members {
        Filter find(String name, String field);
    }

    private static MiddlewareContext context(Members members) {
        return new MiddlewareContext() {
            @Override
            public String name() {
                return "chain@file";
            }

            @Override
            public Filter middleware(String name, String field) {
                return members.find(name, field);
            }

            @Override
            public ServiceHandler service(String name, String field) {
                throw new Node.InvalidFieldException(field, "no service in this test");
            }

            @Override
            public <T> T state(String key, Supplier<T> initial) {
                return initial.get();
            }
        };
    }
}
