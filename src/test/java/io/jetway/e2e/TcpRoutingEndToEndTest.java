package io.jetway.e2e;

import io.jetway.util.TestCertificates;
import io.jetway.whoami.WhoamiServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * TCP routers on real sockets (issue 19): IngressRouteTCP to test backends through Jetway's web
 * entry point, sharing it with HTTP and HTTPS routers in Traefik's order.
 */
class TcpRoutingEndToEndTest {

    @TempDir
    Path dir;

    static String tcpRoute(String name, String match, String service, String extra) {
        return """
                apiVersion: traefik.io/v1alpha1
                kind: IngressRouteTCP
                metadata: {name: %s, namespace: default}
                spec:
                  entryPoints: [web]
                  routes:
                    - match: %s
                      services: [{name: %s, port: 80}]
                %s
                ---
                """.formatted(name, Manifests.yamlQuote(match), service, extra);
    }

    private JetwayHarness jetway(String... flags) throws Exception {
        return JetwayHarness.start(Files.createDirectories(dir.resolve("m")), flags);
    }

    /**
     * Sends the text and reads until it has come back (the echo backends answer "name:text"), or
     * the connection closes (a refused connection, an HTTP answer). The output stays open: a
     * half-close would start the route's terminationDelay.
     */
    static String exchange(int port, String text) throws IOException {
        return exchange(port, "", text);
    }

    /** The same, with bytes before the text that the backend does not echo (a PROXY header). */
    static String exchange(int port, String before, String text) throws IOException {
        return exchange(port, before, text, 10_000);
    }

    /** The same, giving up after {@code timeoutMillis} without a byte (a route not live yet: HTTP waits for more). */
    static String exchange(int port, String before, String text, int timeoutMillis) throws IOException {
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
            s.setSoTimeout(timeoutMillis);
            s.getOutputStream().write((before + text).getBytes(StandardCharsets.ISO_8859_1));
            StringBuilder answer = new StringBuilder();
            InputStream in = s.getInputStream();
            int c;
            try {
                while (!(answer.indexOf(":") >= 0 && answer.toString().endsWith(text)) && (c = in.read()) != -1) {
                    answer.append((char) c);
                }
            } catch (SocketTimeoutException | java.net.SocketException stopped) {
                // what came before is the answer
            }
            return answer.toString();
        }
    }

    /** Sends the text, ends the output (FIN) and reads everything until the connection closes. */
    static String halfClosedExchange(int port, String text) throws IOException {
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
            s.setSoTimeout(10_000);
            s.getOutputStream().write(text.getBytes(StandardCharsets.ISO_8859_1));
            s.shutdownOutput();
            return readAll(s.getInputStream());
        }
    }

    static String readAll(InputStream in) throws IOException {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        byte[] buffer = new byte[4096];
        int n;
        try {
            while ((n = in.read(buffer)) > 0) {
                all.write(buffer, 0, n);
            }
        } catch (SocketTimeoutException | java.net.SocketException stopped) {
            // what came before the timeout or reset is the answer
        }
        return all.toString(StandardCharsets.ISO_8859_1);
    }

    /** Polls until a plain exchange reaches the named backend (the file provider makes changes live within a second). */
    static String awaitTcp(int port, String text, String backendName) throws Exception {
        return awaitTcp(port, "", text, backendName);
    }

    static String awaitTcp(int port, String before, String text, String backendName) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        String last;
        do {
            last = exchange(port, before, text, 1_000);
            if (last.startsWith(backendName + ":")) {
                return last;
            }
            Thread.sleep(50);
        } while (System.nanoTime() < deadline);
        return last;
    }

    @Test
    void aCatchAllTcpRouterTakesTheConnectionAndHalfCloseReachesTheBackend() throws Exception {
        try (TcpBackend echo = TcpBackend.echo("echo"); JetwayHarness jetway = jetway()) {
            jetway.write("tcp.yaml", Manifests.serviceWithEndpointSlice("echo", echo.port()) + "---\n"
                    + transport("patient", "{terminationDelay: 10s}")
                    + tcpRoute("db", "HostSNI(`*`)", "echo", "").replace("port: 80}", "port: 80, serversTransport: patient}"));
            awaitTcp(jetway.port(), "hello\n", "echo");

            String answer = halfClosedExchange(jetway.port(), "hello\n");

            // The backend saw the client's FIN (it answered "bye" after the echo), and closed.
            assertEquals("echo:hello\nbye", answer);
            assertTrue(echo.received.contains("hello\n"), echo.received.toString());
            // Plain HTTP on that entry point goes to the catch-all TCP router too, as in Traefik.
            assertTrue(exchange(jetway.port(), "GET / HTTP/1.0\r\n\r\n").startsWith("echo:GET / HTTP/1.0"));
        }
    }

    @Test
    void aServerThatSpeaksFirstIsHeardWithoutTheClientSendingAByte() throws Exception {
        try (TcpBackend smtp = TcpBackend.greeting("smtp", "220 smtp.example ESMTP"); JetwayHarness jetway = jetway()) {
            jetway.write("tcp.yaml", Manifests.serviceWithEndpointSlice("smtp", smtp.port()) + "---\n"
                    + tcpRoute("mail", "HostSNI(`*`)", "smtp", ""));
            awaitTcp(jetway.port(), "x", "220 smtp.example ESMTP\r\nsmtp");

            try (Socket s = new Socket(InetAddress.getLoopbackAddress(), jetway.port())) {
                s.setSoTimeout(10_000);
                assertEquals("220 smtp.example ESMTP", readLine(s.getInputStream()));
            }
        }
    }

    @Test
    void withAnHttpsRouterOnTheEntryPointASilentClientGoesToTheCatchAllAfterServerFirstAfter() throws Exception {
        TestCertificates.Issued ca = TestCertificates.ca("test CA");
        TestCertificates.Issued cert = TestCertificates.issue(ca, "web.example", false, "web.example");
        try (TcpBackend smtp = TcpBackend.greeting("smtp", "220 ready");
             WhoamiServer web = WhoamiServer.start("127.0.0.1", 0, "web");
             JetwayHarness jetway = jetway("--entrypoints.web.tcp.serverfirstafter=300ms")) {
            jetway.write("tcp.yaml", Manifests.serviceWithEndpointSlice("smtp", smtp.port()) + "---\n"
                    + tcpRoute("mail", "HostSNI(`*`)", "smtp", "")
                    + Manifests.tlsSecret("web-cert", cert.chainPem(), cert.privateKeyPem())
                    + Manifests.service("whoami", web.port())
                    + httpsRoute("Host(`web.example`)", "web-cert"));
            awaitTcp(jetway.port(), "x", "220 ready\r\nsmtp");
            // The HTTPS router is there: a TLS client for its host gets the HTTPS side.
            assertTrue(awaitHttps(jetway.port(), "web.example", ca), "the HTTPS router serves web.example");

            try (Socket s = new Socket(InetAddress.getLoopbackAddress(), jetway.port())) {
                s.setSoTimeout(10_000);
                assertEquals("220 ready", readLine(s.getInputStream()), "the greeting comes once the client stayed silent");
            }
        }
    }

    @Test
    void withAnHttpsRouterAndNoServerFirstAfterTheClientMustSpeakFirst() throws Exception {
        TestCertificates.Issued ca = TestCertificates.ca("test CA");
        TestCertificates.Issued cert = TestCertificates.issue(ca, "web.example", false, "web.example");
        try (TcpBackend smtp = TcpBackend.greeting("smtp", "220 ready");
             WhoamiServer web = WhoamiServer.start("127.0.0.1", 0, "web");
             JetwayHarness jetway = jetway()) {
            jetway.write("tcp.yaml", Manifests.serviceWithEndpointSlice("smtp", smtp.port()) + "---\n"
                    + tcpRoute("mail", "HostSNI(`*`)", "smtp", "")
                    + Manifests.tlsSecret("web-cert", cert.chainPem(), cert.privateKeyPem())
                    + Manifests.service("whoami", web.port())
                    + httpsRoute("Host(`web.example`)", "web-cert"));
            assertTrue(awaitHttps(jetway.port(), "web.example", ca), "the HTTPS router serves web.example");

            try (Socket s = new Socket(InetAddress.getLoopbackAddress(), jetway.port())) {
                s.setSoTimeout(1_500);
                assertEquals("", readAll(s.getInputStream()), "Traefik's behaviour: nothing until the client sends");
            }
            // Once the client speaks (not TLS), the plain catch-all takes it: greeting, then the echo.
            assertTrue(exchange(jetway.port(), "EHLO x\r\n").startsWith("220 ready\r\nsmtp:EHLO x"));
        }
    }

    @Test
    void serverNamesPickTerminatingRoutersAndAPassthroughRouterHandsTheClientHelloToTheBackend() throws Exception {
        TestCertificates.Issued ca = TestCertificates.ca("test CA");
        TestCertificates.Issued jetwayCert = TestCertificates.issue(ca, "a.example", false, "a.example", "b.example");
        TestCertificates.Issued backendCert = TestCertificates.issue(ca, "backend.example", false, "backend.example");
        try (TcpBackend a = TcpBackend.echo("a"); TcpBackend b = TcpBackend.echo("b");
             TcpBackend secure = TcpBackend.tls("secure", backendCert.keyStore(), TestCertificates.PASSWORD);
             JetwayHarness jetway = jetway()) {
            jetway.write("tcp.yaml", Manifests.serviceWithEndpointSlice("a", a.port()) + "---\n"
                    + Manifests.serviceWithEndpointSlice("b", b.port()) + "---\n"
                    + Manifests.serviceWithEndpointSlice("secure", secure.port()) + "---\n"
                    + Manifests.tlsSecret("jetway-cert", jetwayCert.chainPem(), jetwayCert.privateKeyPem())
                    + tcpRoute("to-a", "HostSNI(`a.example`)", "a", "  tls: {secretName: jetway-cert}")
                    + tcpRoute("to-b", "HostSNI(`b.example`)", "b", "  tls: {secretName: jetway-cert}")
                    + tcpRoute("to-secure", "HostSNI(`backend.example`)", "secure", "  tls: {passthrough: true}"));

            assertTrue(awaitTls(jetway.port(), "a.example", ca, "hello").startsWith("a:hello"));
            assertTrue(tlsExchange(jetway.port(), "b.example", ca, "hello").startsWith("b:hello"));
            String report = OpenSsl.sClientFull(jetway.port(), "-servername", "backend.example");
            assertTrue(report.contains("CN=backend.example") || report.contains("CN = backend.example"),
                    "the backend's own certificate arrives through the passthrough router: " + report);
            assertTrue(tlsExchange(jetway.port(), "backend.example", ca, "hi").startsWith("secure:hi"));
        }
    }

    @Test
    void aClientThatStallsOrFloodsTheFirstBytesIsClosedAndReachesNoBackend() throws Exception {
        TestCertificates.Issued ca = TestCertificates.ca("test CA");
        TestCertificates.Issued cert = TestCertificates.issue(ca, "db.example", false, "db.example");
        try (TcpBackend db = TcpBackend.echo("db");
             JetwayHarness jetway = jetway("--entrypoints.web.transport.respondingtimeouts.readtimeout=1s")) {
            jetway.write("tcp.yaml", Manifests.serviceWithEndpointSlice("db", db.port()) + "---\n"
                    + Manifests.tlsSecret("db-cert", cert.chainPem(), cert.privateKeyPem())
                    + tcpRoute("pg", "HostSNI(`db.example`)", "db", "  tls: {secretName: db-cert}"));
            String first = awaitTls(jetway.port(), "db.example", ca, "x");
            assertTrue(first.startsWith("db:x"), first);
            // Once routed, a tunnel has no read timeout (Traefik clears the deadlines): idle for longer, it still works.
            try (SSLSocket idle = (SSLSocket) context(ca).getSocketFactory().createSocket(InetAddress.getLoopbackAddress(),
                    jetway.port())) {
                idle.setSoTimeout(10_000);
                sni(idle, "db.example");
                idle.getOutputStream().write("a".getBytes(StandardCharsets.US_ASCII));
                idle.getOutputStream().flush();
                assertEquals("db:a", new String(idle.getInputStream().readNBytes(4), StandardCharsets.US_ASCII));
                Thread.sleep(2_500);
                idle.getOutputStream().write("b".getBytes(StandardCharsets.US_ASCII));
                idle.getOutputStream().flush();
                assertEquals('b', idle.getInputStream().read(), "the tunnel outlived the entry point's 1 s read timeout");
            }
            int served = db.received.size();

            // Half a TLS record header, then nothing: closed at the entry point's read timeout, silently.
            try (Socket stalled = new Socket(InetAddress.getLoopbackAddress(), jetway.port())) {
                stalled.setSoTimeout(15_000);
                stalled.getOutputStream().write(new byte[]{0x16, 0x03});
                assertEquals(-1, stalled.getInputStream().read(), "closed without an answer");
            }
            // A record that claims 65,535 bytes of ClientHello and sends 20,000 of garbage: not routed to the
            // TCP router (no server name can be read), answered by the HTTPS side, which refuses the handshake.
            try (Socket flood = new Socket(InetAddress.getLoopbackAddress(), jetway.port())) {
                flood.setSoTimeout(15_000);
                byte[] junk = new byte[20_000];
                junk[0] = 0x16;
                junk[1] = 0x03;
                junk[2] = 0x01;
                junk[3] = (byte) 0xff;
                junk[4] = (byte) 0xff;
                try {
                    flood.getOutputStream().write(junk);
                } catch (java.net.SocketException closedEarly) {
                    // the proxy may close while the rest is still being written
                }
                String answer = readAll(flood.getInputStream());
                assertTrue(!answer.contains("db:"), answer);
            }
            assertEquals(served, db.received.size(), "nothing reached the backend");
        }
    }

    @Test
    void badTcpObjectsAreDisabledAloneAndTheGoodRouterServes() throws Exception {
        try (TcpBackend echo = TcpBackend.echo("echo");
             JetwayHarness jetway = jetway("--api.insecure", "--entrypoints.traefik.address=127.0.0.1:0")) {
            jetway.write("tcp.yaml", Manifests.serviceWithEndpointSlice("echo", echo.port()) + "---\n"
                    + transport("bad-pp", "{proxyProtocol: {version: 3}}")
                    + tcpRoute("unparsable", "HostSNI(`a b`)", "echo", "  tls: {}")
                    + tcpRoute("sni-without-tls", "HostSNI(`x.example`)", "echo", "")
                    + tcpRoute("missing-service", "ClientIP(`10.0.0.0/8`)", "nothing-here", "")
                    + tcpRoute("bad-proxy-version", "ClientIP(`10.0.0.0/8`)", "echo", "")
                    .replace("port: 80}", "port: 80, serversTransport: bad-pp}")
                    + tcpRoute("good", "HostSNI(`*`)", "echo", ""));

            assertEquals("echo:fine", awaitTcp(jetway.port(), "fine", "echo"));
            String disabled = jetway.client.GET("http://127.0.0.1:" + jetway.server.port("traefik")
                    + "/api/tcp/routers?status=disabled").getContentAsString();
            for (String bad : List.of("unparsable", "sni-without-tls", "missing-service", "bad-proxy-version")) {
                assertTrue(disabled.contains("\"name\":\"default-" + bad + "-"), bad + " is disabled: " + disabled);
            }
            assertTrue(!disabled.contains("default-good-"), disabled);
        }
    }

    @Test
    void eachTerminatingRouterHandshakesWithItsOwnTlsOptions() throws Exception {
        TestCertificates.Issued ca = TestCertificates.ca("test CA");
        TestCertificates.Issued cert = TestCertificates.issue(ca, "a.example", false, "a.example", "b.example");
        try (TcpBackend a = TcpBackend.echo("a"); TcpBackend b = TcpBackend.echo("b"); JetwayHarness jetway = jetway()) {
            jetway.write("tcp.yaml", Manifests.serviceWithEndpointSlice("a", a.port()) + "---\n"
                    + Manifests.serviceWithEndpointSlice("b", b.port()) + "---\n"
                    + Manifests.tlsSecret("cert", cert.chainPem(), cert.privateKeyPem())
                    + Manifests.tlsOption("modern", "{minVersion: VersionTLS13}")
                    + tcpRoute("to-a", "HostSNI(`a.example`)", "a", "  tls: {secretName: cert, options: {name: modern}}")
                    + tcpRoute("to-b", "HostSNI(`b.example`)", "b", "  tls: {secretName: cert}"));
            assertTrue(awaitTls(jetway.port(), "b.example", ca, "x").startsWith("b:x"));
            assertTrue(awaitTls(jetway.port(), "a.example", ca, "x").startsWith("a:x"));

            String a12 = OpenSsl.sClient(jetway.port(), "-tls1_2", "-servername", "a.example");
            String b12 = OpenSsl.sClient(jetway.port(), "-tls1_2", "-servername", "b.example");
            assertTrue(!a12.contains("Protocol version: TLSv1.2"), "a.example's options want TLS 1.3: " + a12);
            assertTrue(b12.contains("Protocol version: TLSv1.2"), "b.example takes the default options: " + b12);
        }
    }

    @Test
    void aPostgresSslRequestIsAnsweredAndTheTlsAfterItIsRouted() throws Exception {
        TestCertificates.Issued ca = TestCertificates.ca("test CA");
        TestCertificates.Issued cert = TestCertificates.issue(ca, "db.example", false, "db.example");
        try (TcpBackend db = TcpBackend.echo("db"); JetwayHarness jetway = jetway()) {
            jetway.write("tcp.yaml", Manifests.serviceWithEndpointSlice("db", db.port()) + "---\n"
                    + Manifests.tlsSecret("db-cert", cert.chainPem(), cert.privateKeyPem())
                    + tcpRoute("pg", "HostSNI(`db.example`)", "db", "  tls: {secretName: db-cert}"));
            assertTrue(awaitTls(jetway.port(), "db.example", ca, "x").startsWith("db:x"));

            try (Socket plain = new Socket(InetAddress.getLoopbackAddress(), jetway.port())) {
                plain.setSoTimeout(10_000);
                plain.getOutputStream().write(new byte[]{0, 0, 0, 8, 4, (byte) 210, 22, 47});
                assertEquals('S', plain.getInputStream().read(), "Jetway accepts the upgrade to TLS");
                try (SSLSocket tls = (SSLSocket) context(ca).getSocketFactory().createSocket(plain, "db.example",
                        jetway.port(), true)) {
                    sni(tls, "db.example");
                    tls.getOutputStream().write("startup".getBytes(StandardCharsets.US_ASCII));
                    tls.getOutputStream().flush();
                    byte[] answer = tls.getInputStream().readNBytes("db:startup".length());
                    assertEquals("db:startup", new String(answer, StandardCharsets.US_ASCII));
                }
            }
        }
    }

    @Test
    void theBackendGetsAProxyProtocolHeaderNamingTheClient() throws Exception {
        try (TcpBackend v1 = TcpBackend.proxyProtocol("v1"); TcpBackend v2 = TcpBackend.proxyProtocol("v2");
             JetwayHarness jetway = jetway()) {
            jetway.write("tcp.yaml", Manifests.serviceWithEndpointSlice("v1", v1.port()) + "---\n"
                    + Manifests.serviceWithEndpointSlice("v2", v2.port()) + "---\n"
                    + proxyTransport("pp1", 1) + proxyTransport("pp2", 2)
                    + """
                    apiVersion: traefik.io/v1alpha1
                    kind: IngressRouteTCP
                    metadata: {name: pp, namespace: default}
                    spec:
                      entryPoints: [web]
                      routes:
                        - match: ClientIP(`127.0.0.1`)
                          priority: 20
                          services: [{name: v1, port: 80, serversTransport: pp1}]
                        - match: ClientIP(`::1`) || ClientIP(`10.0.0.0/8`)
                          services: [{name: v2, port: 80, serversTransport: pp2}]
                    ---
                    """);
            awaitTcp(jetway.port(), "x", "v1");

            try (Socket s = new Socket(InetAddress.getLoopbackAddress(), jetway.port())) {
                s.setSoTimeout(10_000);
                s.getOutputStream().write("y".getBytes(StandardCharsets.US_ASCII));
                s.shutdownOutput();
                assertEquals("v1:ybye", readAll(s.getInputStream()));
                TcpBackend.ProxyHeader header = v1.proxyHeaders.get(v1.proxyHeaders.size() - 1);
                assertEquals(1, header.version());
                assertEquals("127.0.0.1", header.sourceAddress());
                assertEquals(s.getLocalPort(), header.sourcePort(), header.raw());
                assertTrue(header.raw().startsWith("PROXY TCP4 127.0.0.1 127.0.0.1 "), header.raw());
            }

            // The same route through the version 2 transport: the backend reads a binary header.
            jetway.write("tcp.yaml", Manifests.serviceWithEndpointSlice("v2", v2.port()) + "---\n" + proxyTransport("pp2", 2)
                    + tcpRoute("pp", "ClientIP(`127.0.0.1`)", "v2", "").replace("port: 80}", "port: 80, serversTransport: pp2}"));
            awaitTcp(jetway.port(), "x", "v2");
            try (Socket s = new Socket(InetAddress.getLoopbackAddress(), jetway.port())) {
                s.setSoTimeout(10_000);
                s.getOutputStream().write("z".getBytes(StandardCharsets.US_ASCII));
                assertEquals("v2:z", new String(s.getInputStream().readNBytes(4), StandardCharsets.US_ASCII));
                TcpBackend.ProxyHeader header = v2.proxyHeaders.get(v2.proxyHeaders.size() - 1);
                assertEquals(2, header.version());
                assertEquals("127.0.0.1", header.sourceAddress());
                assertEquals(s.getLocalPort(), header.sourcePort());
            }
        }
    }

    @Test
    void inFlightConnAndIpAllowListCloseRefusedConnectionsWithoutAByte() throws Exception {
        try (TcpBackend echo = TcpBackend.echo("echo"); TcpBackend other = TcpBackend.echo("other");
             JetwayHarness jetway = jetway()) {
            jetway.write("tcp.yaml", Manifests.serviceWithEndpointSlice("echo", echo.port()) + "---\n"
                    + """
                    apiVersion: traefik.io/v1alpha1
                    kind: MiddlewareTCP
                    metadata: {name: one-each, namespace: default}
                    spec:
                      inFlightConn: {amount: 1}
                    ---
                    """
                    + tcpRoute("db", "HostSNI(`*`)", "echo", "      middlewares: [{name: one-each}]"));
            awaitTcp(jetway.port(), "x", "echo");
            // The probe's connection is released when its tunnel has closed on both sides: wait for that.
            Socket first = null;
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            String firstAnswer = "";
            while (!firstAnswer.equals("echo:a") && System.nanoTime() < deadline) {
                if (first != null) {
                    first.close();
                    Thread.sleep(50);
                }
                first = new Socket(InetAddress.getLoopbackAddress(), jetway.port());
                first.setSoTimeout(10_000);
                first.getOutputStream().write("a".getBytes(StandardCharsets.US_ASCII));
                firstAnswer = new String(first.getInputStream().readNBytes(6), StandardCharsets.US_ASCII);
            }
            try (Socket held = first) {
                assertEquals("echo:a", firstAnswer);
                assertEquals("", exchange(jetway.port(), "b"), "a second connection from the same client is closed at once");
            }
            // The first one has ended: the next is admitted again.
            assertEquals("echo:c", awaitTcp(jetway.port(), "c", "echo"));

            jetway.write("tcp.yaml", Manifests.serviceWithEndpointSlice("other", other.port()) + "---\n"
                    + """
                    apiVersion: traefik.io/v1alpha1
                    kind: MiddlewareTCP
                    metadata: {name: private-only, namespace: default}
                    spec:
                      ipAllowList: {sourceRange: [10.0.0.0/8]}
                    ---
                    """
                    + tcpRoute("db", "HostSNI(`*`)", "other", "      middlewares: [{name: private-only}]"));
            deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            String answer;
            do {
                answer = exchange(jetway.port(), "", "d", 1_000);
                Thread.sleep(50);
            } while (answer.startsWith("echo:") && System.nanoTime() < deadline);
            assertEquals("", answer, "127.0.0.1 is not in 10.0.0.0/8: closed without a byte");
            assertTrue(other.received.isEmpty(), "nothing reached the backend");
        }
    }

    @Test
    void anHttpRouterStillServesWhenNoTcpRuleMatchesTheClient() throws Exception {
        try (TcpBackend echo = TcpBackend.echo("echo"); WhoamiServer web = WhoamiServer.start("127.0.0.1", 0, "web");
             JetwayHarness jetway = jetway()) {
            jetway.write("all.yaml", Manifests.serviceWithEndpointSlice("echo", echo.port()) + "---\n"
                    + tcpRoute("db", "ClientIP(`10.0.0.0/8`)", "echo", "")
                    + Manifests.service("app", web.port())
                    + Manifests.route("app", "PathPrefix(`/`)", "app"));
            var r = jetway.awaitResponse(null, "/", x -> x.getStatus() == 200, Duration.ofSeconds(20));
            assertEquals(200, r.getStatus());
            assertEquals("web", r.getHeaders().get("X-Whoami-Name"));
            assertTrue(echo.received.isEmpty());
        }
    }

    private static String proxyTransport(String name, int version) {
        return transport(name, "{proxyProtocol: {version: %d}, terminationDelay: 10s}".formatted(version));
    }

    @Test
    void seed001sExternalNameExampleRoutesWhenTheNameResolves() throws Exception {
        // Seed 001_1260 with its ExternalName pointing at this machine (external.domain resolves nowhere here)
        // and its port at the test backend: the dial looks the name up and connects.
        try (TcpBackend echo = TcpBackend.echo("external");
             JetwayHarness jetway = jetway("--entrypoints.foo.address=127.0.0.1:0",
                     "--providers.kubernetescrd.allowexternalnameservices=true")) {
            jetway.write("seed.yaml", Manifests.seedExample("001_1260", 1, 2)
                    .replace("externalName: external.domain", "externalName: localhost")
                    .replace("- port: 80", "- port: " + echo.port())
                    .replace("port: 80", "port: " + echo.port()));
            assertEquals("external:hi", awaitTcp(jetway.server.port("foo"), "hi", "external"));
        }
    }

    @Test
    void seed001sTerminatingIngressRouteTcpExamplesRouteAsWritten() throws Exception {
        TestCertificates.Issued ca = TestCertificates.ca("test CA");
        TestCertificates.Issued cert = TestCertificates.issue(ca, "example.net", false, "example.net", "a.example.net");
        try (TcpBackend foo = TcpBackend.echo("foo"); TcpBackend bar = TcpBackend.echo("bar");
             JetwayHarness jetway = jetway("--entrypoints.footcp.address=127.0.0.1:0")) {
            String around = Manifests.serviceWithEndpointSlice("foo", 8080, foo.port()) + Manifests.serviceWithEndpointSlice("bar", 8081, bar.port())
                    + Manifests.tlsSecret("supersecret", cert.chainPem(), cert.privateKeyPem())
                    + Manifests.tlsOption("opt", "{minVersion: VersionTLS12}");
            int footcp = jetway.server.port("footcp");

            // 001_1077: one service (weight 10, terminationDelay 400), TLS terminated with the Secret's certificate.
            jetway.write("seed.yaml", around + Manifests.seedExample("001_1077", 0));
            assertTrue(awaitTls(footcp, "a.example.net", ca, "one").startsWith("foo:one"));

            // 001_1130: two services of weight 10: connections alternate between them.
            jetway.write("seed.yaml", around + Manifests.seedExample("001_1130", 0));
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            Set<String> seen = new TreeSet<>();
            while (seen.size() < 2 && System.nanoTime() < deadline) {
                String answer = tlsExchange(footcp, "example.net", ca, "two");
                if (answer.endsWith(":two")) {
                    seen.add(answer.substring(0, answer.indexOf(':')));
                }
            }
            assertEquals(Set.of("bar", "foo"), seen);
        }
    }

    static String transport(String name, String spec) {
        return """
                apiVersion: traefik.io/v1alpha1
                kind: ServersTransportTCP
                metadata: {name: %s, namespace: default}
                spec: %s
                ---
                """.formatted(name, spec);
    }

    private static String httpsRoute(String match, String secret) {
        return """
                apiVersion: traefik.io/v1alpha1
                kind: IngressRoute
                metadata: {name: web, namespace: default}
                spec:
                  entryPoints: [web]
                  routes:
                    - match: %s
                      kind: Rule
                      services: [{name: whoami, port: 80}]
                  tls: {secretName: %s}
                ---
                """.formatted(Manifests.yamlQuote(match), secret);
    }

    private static String readLine(InputStream in) throws IOException {
        StringBuilder line = new StringBuilder();
        int c;
        while ((c = in.read()) != -1 && c != '\n') {
            if (c != '\r') {
                line.append((char) c);
            }
        }
        return line.toString();
    }

    private static SSLContext context(TestCertificates.Issued ca) throws Exception {
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(ca.trustStore());
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, tmf.getTrustManagers(), null);
        return context;
    }

    private static void sni(SSLSocket socket, String serverName) {
        SSLParameters parameters = socket.getSSLParameters();
        parameters.setServerNames(List.of(new SNIHostName(serverName)));
        socket.setSSLParameters(parameters);
    }

    static String tlsExchange(int port, String serverName, TestCertificates.Issued ca, String text) throws Exception {
        try (SSLSocket s = (SSLSocket) context(ca).getSocketFactory().createSocket(InetAddress.getLoopbackAddress(), port)) {
            s.setSoTimeout(2_000);
            sni(s, serverName);
            s.getOutputStream().write(text.getBytes(StandardCharsets.US_ASCII));
            s.getOutputStream().flush();
            // The echo backend answers "<name>:<text>": read until the text is back.
            StringBuilder answer = new StringBuilder();
            int c;
            while (!answer.toString().endsWith(text) && (c = s.getInputStream().read()) != -1) {
                answer.append((char) c);
            }
            return answer.toString();
        } catch (IOException e) {
            return "failed: " + e.getMessage();
        }
    }

    static String awaitTls(int port, String serverName, TestCertificates.Issued ca, String text) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        String last;
        do {
            last = tlsExchange(port, serverName, ca, text);
            if (!last.startsWith("failed") && !last.isEmpty()) {
                return last;
            }
            Thread.sleep(50);
        } while (System.nanoTime() < deadline);
        return last;
    }

    private static boolean awaitHttps(int port, String host, TestCertificates.Issued ca) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        do {
            try (SSLSocket s = (SSLSocket) context(ca).getSocketFactory().createSocket(InetAddress.getLoopbackAddress(), port)) {
                s.setSoTimeout(5_000);
                sni(s, host);
                s.getOutputStream().write(("GET / HTTP/1.1\r\nHost: " + host + "\r\nConnection: close\r\n\r\n")
                        .getBytes(StandardCharsets.US_ASCII));
                String answer = readAll(s.getInputStream());
                if (answer.startsWith("HTTP/1.1 200")) {
                    return true;
                }
            } catch (IOException notYet) {
                // not served yet
            }
            Thread.sleep(50);
        } while (System.nanoTime() < deadline);
        return false;
    }
}
