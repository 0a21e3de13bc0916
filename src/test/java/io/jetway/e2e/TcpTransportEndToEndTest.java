package io.jetway.e2e;

import io.jetway.util.TestCertificates;
import io.jetway.whoami.WhoamiServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import static io.jetway.e2e.TcpRoutingEndToEndTest.awaitTcp;
import static io.jetway.e2e.TcpRoutingEndToEndTest.exchange;
import static io.jetway.e2e.TcpRoutingEndToEndTest.readAll;
import static io.jetway.e2e.TcpRoutingEndToEndTest.tcpRoute;
import static io.jetway.e2e.TcpRoutingEndToEndTest.transport;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What happens between Jetway and TCP backends, and PROXY headers Jetway receives (issue 19):
 * terminationDelay after a half-close, TLS to a backend, weighted spread, the PROXY protocol from a
 * trusted and an untrusted peer.
 */
class TcpTransportEndToEndTest {

    @TempDir
    Path dir;

    private JetwayHarness jetway(String... flags) throws Exception {
        return JetwayHarness.start(Files.createDirectories(dir.resolve("m")), flags);
    }


    @Test
    void afterTheClientsFinTheBackendGetsTerminationDelayThenBothSidesClose() throws Exception {
        try (TcpBackend slow = TcpBackend.lingering("slow"); JetwayHarness jetway = jetway()) {
            jetway.write("tcp.yaml", Manifests.serviceWithEndpointSlice("slow", slow.port()) + "---\n"
                    + transport("quick", "{terminationDelay: 200ms}")
                    + tcpRoute("db", "HostSNI(`*`)", "slow", "").replace("port: 80}", "port: 80, serversTransport: quick}"));
            awaitTcp(jetway.port(), "x", "slow");

            try (Socket s = new Socket(InetAddress.getLoopbackAddress(), jetway.port())) {
                s.setSoTimeout(10_000);
                s.getOutputStream().write("hi".getBytes(StandardCharsets.US_ASCII));
                s.shutdownOutput();
                // The backend never closes; 200 ms after the FIN reached it Jetway closes both sides.
                assertEquals("slow:hi", readAll(s.getInputStream()));
            }
        }
    }

    @Test
    void aNegativeTerminationDelayLeavesTheHalfClosedConnectionOpen() throws Exception {
        try (TcpBackend slow = TcpBackend.lingering("slow"); JetwayHarness jetway = jetway()) {
            jetway.write("tcp.yaml", Manifests.serviceWithEndpointSlice("slow", slow.port()) + "---\n"
                    + transport("patient", "{terminationDelay: -1}")
                    + tcpRoute("db", "HostSNI(`*`)", "slow", "").replace("port: 80}", "port: 80, serversTransport: patient}"));
            awaitTcp(jetway.port(), "x", "slow");

            try (Socket s = new Socket(InetAddress.getLoopbackAddress(), jetway.port())) {
                s.setSoTimeout(10_000);
                s.getOutputStream().write("hi".getBytes(StandardCharsets.US_ASCII));
                s.shutdownOutput();
                assertEquals("slow:hi", new String(s.getInputStream().readNBytes(7), StandardCharsets.US_ASCII));
                s.setSoTimeout(1_500);
                assertThrows(SocketTimeoutException.class, () -> s.getInputStream().read(),
                        "still open: the backend may send for ever");
            }
        }
    }

    @Test
    void serversMarkedTlsAreReachedWithTheTransportsTlsSettings() throws Exception {
        TestCertificates.Issued ca = TestCertificates.ca("backend CA");
        TestCertificates.Issued cert = TestCertificates.issue(ca, "backend.internal", false, "backend.internal");
        try (TcpBackend secure = TcpBackend.tls("secure", cert.keyStore(), TestCertificates.PASSWORD);
             JetwayHarness jetway = jetway()) {
            jetway.write("tcp.yaml", Manifests.serviceWithEndpointSlice("secure", secure.port()) + "---\n"
                    + Manifests.caSecret("backend-ca", ca.certificatePem()).replace("tls.ca:", "ca.crt:")
                    + transport("to-secure", "{tls: {serverName: backend.internal, rootCAs: [{secret: backend-ca}]}}")
                    + tcpRoute("db", "HostSNI(`*`)", "secure", "")
                    .replace("port: 80}", "port: 80, tls: true, serversTransport: to-secure}"));

            assertEquals("secure:hello", awaitTcp(jetway.port(), "hello", "secure"),
                    "Jetway verified the backend's certificate against the transport's CA and tunnelled clear bytes");

            // Without the CA the backend's certificate is not trusted: the connection ends without a byte.
            jetway.write("tcp.yaml", Manifests.serviceWithEndpointSlice("secure", secure.port()) + "---\n"
                    + transport("to-secure", "{tls: {serverName: backend.internal}}")
                    + tcpRoute("db", "HostSNI(`*`)", "secure", "")
                    .replace("port: 80}", "port: 80, tls: true, serversTransport: to-secure}"));
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            String answer;
            do {
                answer = exchange(jetway.port(), "hello");
                Thread.sleep(50);
            } while (!answer.isEmpty() && System.nanoTime() < deadline);
            assertEquals("", answer);
        }
    }

    @Test
    void aWeightedRouteSpreadsConnectionsByWeight() throws Exception {
        try (TcpBackend a = TcpBackend.echo("a"); TcpBackend b = TcpBackend.echo("b"); JetwayHarness jetway = jetway()) {
            jetway.write("tcp.yaml", Manifests.serviceWithEndpointSlice("a", a.port()) + "---\n"
                    + Manifests.serviceWithEndpointSlice("b", b.port()) + "---\n"
                    + """
                    apiVersion: traefik.io/v1alpha1
                    kind: IngressRouteTCP
                    metadata: {name: db, namespace: default}
                    spec:
                      entryPoints: [web]
                      routes:
                        - match: HostSNI(`*`)
                          services: [{name: a, port: 80, weight: 3}, {name: b, port: 80, weight: 1}]
                    """);
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (!exchange(jetway.port(), "x").matches("[ab]:x") && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            Map<Character, Integer> spread = new HashMap<>();
            for (int i = 0; i < 40; i++) {
                spread.merge(exchange(jetway.port(), "x").charAt(0), 1, Integer::sum);
            }
            assertEquals(Map.of('a', 30, 'b', 10), spread);
        }
    }

    @Test
    void aTrustedPeersProxyHeaderNamesTheClientForTcpAndHttpRouters() throws Exception {
        try (TcpBackend echo = TcpBackend.echo("echo"); WhoamiServer web = WhoamiServer.start("127.0.0.1", 0, "web");
             JetwayHarness jetway = jetway("--entrypoints.web.proxyprotocol.trustedips=127.0.0.1")) {
            jetway.write("all.yaml", Manifests.serviceWithEndpointSlice("echo", echo.port()) + "---\n"
                    + tcpRoute("db", "ClientIP(`203.0.113.7`)", "echo", "")
                    + Manifests.service("app", web.port())
                    + Manifests.route("app", "PathPrefix(`/`)", "app"));
            assertEquals(200, jetway.awaitResponse(null, "/", r -> r.getStatus() == 200, Duration.ofSeconds(20)).getStatus());

            assertEquals("echo:hello", awaitTcp(jetway.port(), "PROXY TCP4 203.0.113.7 127.0.0.1 5555 80\r\n", "hello", "echo"),
                    "the header's client matches ClientIP; the header itself does not reach the backend");
            String http = exchange(jetway.port(), "PROXY TCP4 198.51.100.1 127.0.0.1 5555 80\r\n"
                    + "GET / HTTP/1.1\r\nHost: app\r\nConnection: close\r\n\r\n");
            assertTrue(http.startsWith("HTTP/1.1 200"), http);
            assertTrue(http.contains("X-Forwarded-For: 198.51.100.1"), http);
            String v2 = new String(new byte[]{0x0D, 0x0A, 0x0D, 0x0A, 0x00, 0x0D, 0x0A, 0x51, 0x55, 0x49, 0x54, 0x0A,
                    0x21, 0x11, 0x00, 0x0C, (byte) 203, 0, 113, 7, 127, 0, 0, 1, 0x15, (byte) 0xB3, 0, 80},
                    StandardCharsets.ISO_8859_1);
            assertEquals("echo:v2", exchange(jetway.port(), v2, "v2"), "a v2 header works the same");
        }
    }

    @Test
    void anUntrustedPeersProxyHeaderIsNotBelieved() throws Exception {
        try (TcpBackend echo = TcpBackend.echo("echo"); WhoamiServer web = WhoamiServer.start("127.0.0.1", 0, "web");
             JetwayHarness jetway = jetway("--entrypoints.web.proxyprotocol.trustedips=10.0.0.0/8")) {
            jetway.write("all.yaml", Manifests.serviceWithEndpointSlice("echo", echo.port()) + "---\n"
                    + tcpRoute("db", "ClientIP(`203.0.113.7`)", "echo", "")
                    + Manifests.service("app", web.port())
                    + Manifests.route("app", "PathPrefix(`/`)", "app"));
            assertEquals(200, jetway.awaitResponse(null, "/", r -> r.getStatus() == 200, Duration.ofSeconds(20)).getStatus());

            String answer = exchange(jetway.port(), "PROXY TCP4 203.0.113.7 127.0.0.1 5555 80\r\n", "hello");
            assertTrue(answer.startsWith("HTTP/1.1 400"), "not a TCP client it names, and not HTTP: " + answer);
            assertTrue(echo.received.isEmpty(), "nothing reached the TCP backend");
        }
    }
}
