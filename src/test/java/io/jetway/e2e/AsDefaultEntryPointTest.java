package io.jetway.e2e;

import io.jetway.whoami.WhoamiServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import static io.jetway.e2e.TcpRoutingEndToEndTest.awaitTcp;
import static io.jetway.e2e.TcpRoutingEndToEndTest.exchange;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** entryPoints.<n>.asDefault: routers that name no entry point are on the asDefault ones only (issue 19). */
class AsDefaultEntryPointTest {

    @Test
    void routersWithoutEntryPointsServeOnlyTheAsDefaultEntryPoints(@TempDir Path dir) throws Exception {
        try (WhoamiServer web = WhoamiServer.start("127.0.0.1", 0, "web"); TcpBackend echo = TcpBackend.echo("echo");
             JetwayHarness jetway = JetwayHarness.start(Files.createDirectories(dir.resolve("m")),
                     "--entrypoints.web.asdefault=true", "--entrypoints.other.address=127.0.0.1:0",
                     "--entrypoints.db.address=127.0.0.1:0", "--entrypoints.db.asdefault=true")) {
            jetway.write("all.yaml", Manifests.service("app", web.port())
                    + Manifests.route("app", "PathPrefix(`/`)", "app")
                    + Manifests.serviceWithEndpointSlice("echo", echo.port()) + "---\n"
                    + """
                    apiVersion: traefik.io/v1alpha1
                    kind: IngressRouteTCP
                    metadata: {name: db, namespace: default}
                    spec:
                      routes:
                        - match: ClientIP(`127.0.0.1`)
                          services: [{name: echo, port: 80}]
                    """);
            int db = jetway.server.port("db");
            assertEquals("echo:x", awaitTcp(db, "x", "echo"), "the TCP router without entryPoints is on db (asDefault)");

            // web is asDefault too, so the TCP router takes its connections; other is not: HTTP answers there.
            assertEquals("echo:y", exchange(jetway.port(), "y"));
            int other = jetway.server.port("other");
            String answer = exchange(other, "", "GET / HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n", 5_000);
            assertEquals("HTTP/1.1 404 Not Found", answer.lines().findFirst().orElse(""),
                    "neither router is on the entry point without asDefault");
        }
    }
}
