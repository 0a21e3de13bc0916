package io.jetway.e2e;

import org.eclipse.jetty.client.ContentResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.net.ssl.SSLSocket;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 19's metrics on real sockets: {@code traefik_open_connections{protocol="TCP"}} counts each
 * accepted connection once, whatever it carries, and Jetway's TCP router and service counters
 * follow the tunnels of a weighted IngressRouteTCP.
 */
class Layer4MetricsEndToEndTest {

    private static final Map<String, String> WEB_TCP = Map.of("entrypoint", "web", "protocol", "TCP");
    private static final String ROUTER = "default-db-";

    @TempDir
    Path dir;

    private JetwayHarness jetway() throws Exception {
        return JetwayHarness.start(java.nio.file.Files.createDirectories(dir.resolve("m")), "--metrics.prometheus",
                "--metrics.prometheus.addrouterslabels=true", "--entrypoints.traefik.address=127.0.0.1:0");
    }

    @Test
    void everyAcceptedConnectionCountsOnceAsTcpWhetherPlainHttpOrHttps() throws Exception {
        try (JetwayHarness jetway = jetway();
             Socket plain = new Socket(InetAddress.getLoopbackAddress(), jetway.port());
             SSLSocket tls = (SSLSocket) TlsClient.trustAll().getSocketFactory().createSocket(InetAddress.getLoopbackAddress(),
                     jetway.port())) {
            String request = "GET / HTTP/1.1\r\nHost: nothing.test\r\n\r\n";
            for (Socket s : new Socket[] {plain, tls}) {
                s.setSoTimeout(10_000);
                s.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
                s.getOutputStream().flush();
                assertTrue(readUntil(s.getInputStream(), "\r\n\r\n").startsWith("HTTP/1.1 404"), "kept alive after a 404");
            }

            // One each, though TLS puts two Jetty connections on the socket (TLS and HTTP/1.1 on it).
            PrometheusText both = awaitScrape(jetway, t -> t.sum("traefik_open_connections", WEB_TCP) == 2);
            assertEquals(2, both.sum("traefik_open_connections", WEB_TCP));
            assertTrue(both.sum("traefik_open_connections", Map.of("entrypoint", "traefik", "protocol", "TCP")) >= 1,
                    "the scrape's own HTTP connection is a TCP one of the entry point traefik");

            plain.close();
            tls.close();
            assertEquals(0, awaitScrape(jetway, t -> t.sum("traefik_open_connections", WEB_TCP) == 0)
                    .sum("traefik_open_connections", WEB_TCP));
        }
    }

    @Test
    void tcpRoutersAndServicesCountTheirTunnels() throws Exception {
        try (TcpBackend a = TcpBackend.echo("a"); TcpBackend b = TcpBackend.echo("b"); JetwayHarness jetway = jetway()) {
            jetway.write("tcp.yaml", Manifests.serviceWithEndpointSlice("a", a.port()) + "---\n"
                    + Manifests.serviceWithEndpointSlice("b", b.port()) + "---\n" + """
                    apiVersion: traefik.io/v1alpha1
                    kind: IngressRouteTCP
                    metadata: {name: db, namespace: default}
                    spec:
                      entryPoints: [web]
                      routes:
                        - match: HostSNI(`*`)
                          services: [{name: a, port: 80}, {name: b, port: 80}]
                    """);
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            // Until the route is live, HTTP takes the connection and waits for a request: ask briefly.
            while (!roundTrip(jetway.port(), "x", 500).matches("[ab]:x") && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            PrometheusText before = awaitScrape(jetway, t -> t.sum("traefik_open_connections", WEB_TCP) == 0
                    && t.sum("traefik_tcp_router_open_connections", Map.of()) == 0
                    && t.sum("traefik_tcp_service_open_connections", Map.of()) == 0);
            String router = before.matching("traefik_tcp_router_connections_total", Map.of()).get(0).labels().get("router");
            assertTrue(router.startsWith(ROUTER) && router.endsWith("@kubernetescrd"), router);
            Map<String, String> routerLabels = Map.of("entrypoint", "web", "router", router, "service", router);

            for (int i = 0; i < 4; i++) {
                String answer = roundTrip(jetway.port(), "hello", 10_000);
                assertTrue(answer.matches("[ab]:hello"), answer);
            }
            try (Socket held = new Socket(InetAddress.getLoopbackAddress(), jetway.port())) {
                held.setSoTimeout(10_000);
                held.getOutputStream().write("ping".getBytes(StandardCharsets.US_ASCII));
                assertTrue(readUntil(held.getInputStream(), "ping").endsWith(":ping"), "the tunnel is up");

                PrometheusText open = awaitScrape(jetway, t -> t.sum("traefik_tcp_router_open_connections", routerLabels) == 1
                        && t.sum("traefik_tcp_service_open_connections", Map.of()) == 2
                        && t.sum("traefik_open_connections", WEB_TCP) == 1);
                assertEquals(1, open.sum("traefik_tcp_router_open_connections", routerLabels));
                assertEquals(1, open.sum("traefik_open_connections", WEB_TCP), "only the held connection is open");
                assertEquals(5, delta(before, open, "traefik_tcp_router_connections_total", routerLabels));
                // The weighted service, and below it the load balancer of each Service (1:1, so 3 and 2).
                assertEquals(5, delta(before, open, "traefik_tcp_service_connections_total", Map.of("service", router)));
                double toA = delta(before, open, "traefik_tcp_service_connections_total", Map.of("service", child(router, "a")));
                double toB = delta(before, open, "traefik_tcp_service_connections_total", Map.of("service", child(router, "b")));
                assertEquals(5, toA + toB);
                assertTrue(Math.abs(toA - toB) == 1, toA + " / " + toB);
                assertEquals(1, open.sum("traefik_tcp_service_open_connections", Map.of("service", router)));
                assertEquals(2, open.sum("traefik_tcp_service_open_connections", Map.of()), "the weighted one and one child");
            }
            PrometheusText closed = awaitScrape(jetway, t -> t.sum("traefik_tcp_router_open_connections", routerLabels) == 0
                    && t.sum("traefik_tcp_service_open_connections", Map.of()) == 0
                    && t.sum("traefik_open_connections", WEB_TCP) == 0);
            assertEquals(0, closed.sum("traefik_tcp_router_open_connections", routerLabels));
            assertEquals(0, closed.sum("traefik_tcp_service_open_connections", Map.of()));
            assertEquals(0, closed.sum("traefik_open_connections", WEB_TCP));
        }
    }

    /**
     * Sends the text and reads its echo before closing. Not a half-close first: with the default
     * transport's terminationDelay of 0 (Traefik's too), the backend's answer after the client's
     * FIN is cut at once, as Traefik cuts it.
     */
    private static String roundTrip(int port, String text, int timeoutMillis) throws IOException {
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
            s.setSoTimeout(timeoutMillis);
            s.getOutputStream().write(text.getBytes(StandardCharsets.US_ASCII));
            return readUntil(s.getInputStream(), text);
        } catch (java.net.SocketTimeoutException | java.net.SocketException noAnswer) {
            return "";
        }
    }

    /** The name Traefik gives a weighted TCP service's child: {@code <router key>-<service>-<port>}. */
    private static String child(String router, String service) {
        return router.replace("@kubernetescrd", "-" + service + "-80@kubernetescrd");
    }

    private static PrometheusText scrape(JetwayHarness h) throws Exception {
        ContentResponse r = h.client.newRequest("http://127.0.0.1:" + h.server.port("traefik") + "/metrics")
                .timeout(10, TimeUnit.SECONDS).send();
        assertEquals(200, r.getStatus(), r.getContentAsString());
        return PrometheusText.parse(r.getContentAsString());
    }

    /** Scrapes until the condition holds (a closed socket leaves Jetway's books a moment later); the last scrape else. */
    private static PrometheusText awaitScrape(JetwayHarness h, Predicate<PrometheusText> condition) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        PrometheusText last;
        do {
            last = scrape(h);
            if (condition.test(last)) {
                return last;
            }
            Thread.sleep(20);
        } while (System.nanoTime() < deadline);
        return last;
    }

    private static double delta(PrometheusText before, PrometheusText after, String name, Map<String, String> labels) {
        return after.sum(name, labels) - before.sum(name, labels);
    }

    private static String readUntil(InputStream in, String end) throws IOException {
        StringBuilder text = new StringBuilder();
        int c;
        while (text.indexOf(end) < 0 && (c = in.read()) >= 0) {
            text.append((char) c);
        }
        return text.toString();
    }
}
