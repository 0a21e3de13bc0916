package io.jetway.e2e;

import io.jetway.check.CheckCommand;
import io.jetway.kube.Problem;
import org.eclipse.jetty.client.ContentResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Endpoints and EndpointSlices with addresses or ports no server can have (999.1.1.1, port 70000,
 * a host name with an underscore, an empty address): each is a problem on its object naming the
 * field, the invalid entries are skipped as Traefik ignores them (the route serves with the good
 * ones, with a warning), a route left with none is disabled, and no answer ever shows exception text.
 */
class InvalidEndpointsTest {

    private static Backend backend;
    private static JetwayHarness jetway;
    private static Path manifests;

    static String manifests(int port) {
        return withEndpoints("mixed", port, "127.0.0.1", "999.1.1.1")
                + withEndpoints("badport", 70000, "127.0.0.1")
                + withSlice("sliced", "IPv4", port, "999.1.1.1", "127.0.0.1")
                + withSlice("badhost", "FQDN", port, "bad_host.example", "")
                + Manifests.route("mixed", "Host(`mixed.test`)", "mixed")
                + Manifests.route("badport", "Host(`badport.test`)", "badport")
                + Manifests.route("sliced", "Host(`sliced.test`)", "sliced")
                + Manifests.route("badhost", "Host(`badhost.test`)", "badhost");
    }

    /** A Service and its Endpoints: one subset with these addresses, on this port. */
    private static String withEndpoints(String name, int port, String... ips) {
        String addresses = Arrays.stream(ips).map(ip -> "{ip: " + ip + "}").collect(Collectors.joining(", "));
        return service(name) + """
                apiVersion: v1
                kind: Endpoints
                metadata: {name: %s}
                subsets:
                  - addresses: [%s]
                    ports: [{name: http, port: %d}]
                ---
                """.formatted(name, addresses, port);
    }

    /** A Service and one EndpointSlice ({@code name-x1}) with an endpoint for each address, in order. */
    private static String withSlice(String name, String addressType, int port, String... addresses) {
        String endpoints = Arrays.stream(addresses).map(a -> "  - addresses: [\"" + a + "\"]\n").collect(Collectors.joining());
        return service(name) + """
                apiVersion: discovery.k8s.io/v1
                kind: EndpointSlice
                metadata:
                  name: %1$s-x1
                  labels: {kubernetes.io/service-name: %1$s}
                addressType: %2$s
                endpoints:
                %3$sports: [{name: http, port: %4$d}]
                ---
                """.formatted(name, addressType, endpoints, port);
    }

    private static String service(String name) {
        return """
                apiVersion: v1
                kind: Service
                metadata: {name: %s}
                spec:
                  ports: [{name: http, port: 80}]
                ---
                """.formatted(name);
    }

    @BeforeAll
    static void start() throws Exception {
        backend = Backend.start();
        manifests = Files.createTempDirectory("invalid-endpoints");
        Files.writeString(manifests.resolve("all.yaml"), manifests(backend.port()));
        jetway = JetwayHarness.start(manifests, "--api.insecure", "--entrypoints.traefik.address=127.0.0.1:0");
        jetway.awaitResponse("mixed.test", "/", r -> r.getStatus() == 200, Duration.ofSeconds(10));
    }

    @AfterAll
    static void stop() throws Exception {
        if (jetway != null) {
            jetway.close();
        }
        if (backend != null) {
            backend.close();
        }
    }

    @Test
    void theGoodEndpointsStillServe() throws Exception {
        for (String host : List.of("mixed.test", "sliced.test")) {
            for (int i = 0; i < 4; i++) { // both servers would be picked in turn: only the valid one is there
                ContentResponse r = jetway.get(host, "/ok");
                assertEquals(200, r.getStatus(), host + ": " + r.getContentAsString());
                assertEquals("recorded", r.getContentAsString());
            }
        }
    }

    @Test
    void aRouteWithNoValidEndpointIsDisabledAndAnswersCleanly() throws Exception {
        int before = backend.received().size();
        for (String host : List.of("badport.test", "badhost.test")) {
            ContentResponse r = jetway.get(host, "/x");
            assertEquals(404, r.getStatus(), host);
            assertClean(r.getContentAsString());
        }
        assertEquals(before, backend.received().size(), "nothing reached a backend");
    }

    @Test
    void eachInvalidFieldIsAProblemOnItsObject() {
        List<String> problems = jetway.server.routingTable().config().problems().stream().map(Problem::toString).toList();
        assertHas(problems, "Endpoints default/mixed: subsets[0].addresses[1].ip: \"999.1.1.1\" is not a valid IP address");
        assertHas(problems, "Endpoints default/badport: subsets[0].ports[0].port: 70000 is not a valid port (1-65535)");
        assertHas(problems, "EndpointSlice default/sliced-x1: endpoints[0].addresses[0]: \"999.1.1.1\" is not a valid IPv4 address");
        assertHas(problems, "EndpointSlice default/badhost-x1: endpoints[0].addresses[0]: \"bad_host.example\" is not a valid host name");
        assertHas(problems, "EndpointSlice default/badhost-x1: endpoints[1].addresses[0]: is required");
    }

    @Test
    void theApiShowsTheRoutersWarningOrError() throws Exception {
        String routers = jetway.client.newRequest("http://127.0.0.1:" + jetway.server.port("traefik") + "/api/http/routers")
                .timeout(10, TimeUnit.SECONDS).send().getContentAsString();
        String mixed = routerJson(routers, "mixed.test");
        assertTrue(mixed.contains("\"status\":\"warning\""), mixed);
        assertTrue(mixed.contains("an endpoint is skipped: Endpoints default/mixed subsets[0].addresses[1].ip"), mixed);
        String badport = routerJson(routers, "badport.test");
        assertTrue(badport.contains("\"status\":\"disabled\""), badport);
        assertTrue(badport.contains("70000 is not a valid port"), badport);
    }

    @Test
    void checkReportsTheInvalidFields() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        CheckCommand.run(new String[]{manifests.toString()}, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(out, true, StandardCharsets.UTF_8));
        String report = out.toString(StandardCharsets.UTF_8);
        assertTrue(report.contains("subsets[0].addresses[1].ip: \"999.1.1.1\" is not a valid IP address"), report);
        assertTrue(report.contains("subsets[0].ports[0].port: 70000 is not a valid port"), report);
        assertTrue(report.contains("endpoints[0].addresses[0]: \"bad_host.example\" is not a valid host name"), report);
    }

    /** Jetty's own answers (a malformed request) are plain text too, without the exception's message. */
    @Test
    void malformedRequestsGetPlainAnswers() throws Exception {
        for (String head : List.of("GET /a HTTP/1.1\r\nHost: x\r\nContent-Length: abc\r\n",
                "GET /a\u0000b HTTP/1.1\r\nHost: x\r\n")) {
            String answer = RawHttp.untilClosed(jetway.port(), head + "Connection: close\r\n\r\n");
            assertTrue(answer.startsWith("HTTP/1.1 400"), answer);
            assertTrue(answer.contains("Content-Type: text/plain"), answer);
            assertFalse(answer.contains("<html"), answer);
            assertFalse(answer.contains("Content-Length Value") || answer.contains("Illegal character"), answer);
            assertClean(answer);
        }
    }

    /** The management entry point's servlets answer sendError plainly too. */
    @Test
    void servletErrorsArePlain() throws Exception {
        ContentResponse r = jetway.client.newRequest("http://127.0.0.1:" + jetway.server.port("traefik") + "/dashboard/missing.js")
                .timeout(10, TimeUnit.SECONDS).send();
        assertEquals(404, r.getStatus());
        assertTrue(r.getHeaders().get("Content-Type").startsWith("text/plain"), r.getHeaders().toString());
        assertFalse(r.getContentAsString().contains("<html"), r.getContentAsString());
        assertClean(r.getContentAsString());
    }

    private static void assertClean(String body) {
        assertFalse(body.contains("Exception"), body);
        assertFalse(body.contains("java."), body);
    }

    private static void assertHas(List<String> problems, String expected) {
        assertTrue(problems.contains(expected), expected + " in " + String.join("\n", problems));
    }

    /** The JSON object of the router whose rule names this host. */
    private static String routerJson(String routers, String host) {
        int at = routers.indexOf(host);
        assertTrue(at >= 0, routers);
        int start = routers.lastIndexOf("{\"entryPoints\"", at);
        int end = routers.indexOf("\"provider\"", at);
        return routers.substring(start, end);
    }
}
