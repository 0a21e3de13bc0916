package io.jetway.e2e;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The errors middleware's service naming, and bad options that disable only the routers using it. */
class ErrorsOptionsTest {

    @Test
    void theServiceIsALoadBalancerNamedAfterTheMiddleware(@TempDir Path dir) throws Exception {
        String middlewares = """
                apiVersion: traefik.io/v1alpha1
                kind: Middleware
                metadata: {name: errorpage}
                spec:
                  errors:
                    status: ["404"]
                    query: /{status}.html
                    service: {name: app, port: 80}
                """;
        try (MiddlewareHarness h = MiddlewareHarness.start(dir, middlewares,
                Manifests.appRoute("app.localhost", "{name: errorpage}"))) {
            var services = h.jetway.server.routingTable().config().services();
            assertTrue(services.containsKey("default-errorpage-errorpage-service@kubernetescrd"), services.keySet().toString());
            assertEquals(200, h.get("app.localhost", "/").getStatus(), "the router using it serves");
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "{status: ['600-500'], service: {name: app, port: 80}}               | spec.errors.status[0]",
            "{status: ['5xx'], service: {name: app, port: 80}}                   | spec.errors.status[0]",
            "{status: ['500'], statusRewrites: {'500': 1000}, service: {name: app, port: 80}} | spec.errors.statusRewrites.500",
            "{status: ['500'], statusRewrites: {'x': 404}, service: {name: app, port: 80}}    | spec.errors.statusRewrites.x",
            "{status: ['500']}                                                     | spec.errors.service: is required",
            "{status: ['500'], service: {name: nope, port: 80}}                   | spec.errors.service: kubernetes service default/nope not found",
            "{status: ['500'], service: {name: app, port: 80, kind: Pod}}         | spec.errors.service.kind",
    })
    void badOptionsDisableOnlyTheRoutersUsingThem(String options, String message, @TempDir Path dir) throws Exception {
        MiddlewareHarness.assertBadOptionsDisableOnlyTheirRouters(dir, "errors", options, message);
    }
}
