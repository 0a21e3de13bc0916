package io.jetway.e2e;

import io.jetway.bootstrap.WarConfiguration;
import io.jetway.whoami.WhoamiServer;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.asset.StringAsset;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URL;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Jetway as a web application in Arquillian's embedded Jetty 12 (ee10), deployed under the
 * context path /jetway: routing sees the path inside the application, the backend gets that
 * path, and the API, dashboard and metrics answer under the context path.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class WarArquillianTest {

    private static WhoamiServer backend;
    private static Path accessLog;

    /**
     * The project's web.xml and dashboard, with the configuration file as a context parameter.
     * The classes come from the test's class path, which is the web application's parent here:
     * packing them (and beans.xml) again would make Weld find every bean twice.
     */
    @Deployment(testable = false)
    static WebArchive deployment() {
        try {
            backend = WhoamiServer.start("127.0.0.1", 0, "arquillian");
            Path work = Files.createTempDirectory("jetway-arquillian");
            Path manifests = WarFixture.manifests(work.resolve("manifests"), WarFixture.ROUTE_PREFIX, backend.port());
            // No container port is named: every request belongs to web.
            Path config = WarFixture.config(work, 1, manifests);
            accessLog = work.resolve("access.log");
            Files.writeString(config, """
                    accessLog:
                      filePath: "%s"
                      format: json
                    """.formatted(accessLog), StandardOpenOption.APPEND);
            String webXml = Files.readString(Path.of("src/main/webapp/WEB-INF/web.xml")).replace("<absolute-ordering/>", """
                    <absolute-ordering/>
                      <context-param>
                        <param-name>%s</param-name>
                        <param-value>%s</param-value>
                      </context-param>""".formatted(WarConfiguration.PARAMETER, config));
            return ShrinkWrap.create(WebArchive.class, "jetway.war")
                    .setWebXML(new StringAsset(webXml))
                    .addAsWebResource(new File("src/main/webapp/dashboard/index.html"), "dashboard/index.html");
        } catch (Exception e) {
            throw new IllegalStateException("cannot prepare the deployment", e);
        }
    }

    @AfterAll
    static void stopBackend() {
        if (backend != null) {
            backend.close();
        }
    }

    @Test
    void routesThePathInsideTheApplicationToTheBackend(@ArquillianResource URL context) throws Exception {
        String base = withoutSlash(context);
        assertTrue(base.endsWith("/jetway"), base);
        HttpResponse<String> routed = WarFixture.get(base + "/who/inside?x=1");
        assertEquals(200, routed.statusCode(), routed.body());
        assertEquals("arquillian", routed.headers().firstValue("X-Whoami-Name").orElse(null));
        assertTrue(routed.body().contains("GET /who/inside?x=1 "), "the backend sees the path without /jetway:\n" + routed.body());

        assertEquals(404, WarFixture.get(base + "/jetway/who/inside").statusCode(), "the context path is not part of the routed path");
        assertEquals(404, WarFixture.get(base + "/other").statusCode());
    }

    @Test
    void dotSegmentsAreRemovedBeforeRoutingInsideTheApplication(@ArquillianResource URL context) throws Exception {
        // Written raw, as curl --path-as-is (the container refuses %2e%2e and // itself: Jetty's default URI
        // compliance); it maps the request into /jetway, the routing filter cleans the rest.
        String reply = RawHttp.untilClosed(context.getPort(), "GET /jetway/other/../who/cleaned/./x?y=1 HTTP/1.1\r\nHost: "
                + context.getHost() + "\r\nConnection: close\r\n\r\n");
        assertTrue(reply.startsWith("HTTP/1.1 200"), reply);
        assertTrue(reply.contains("GET /who/cleaned/x?y=1 "), "routed and forwarded as /who/cleaned/x:\n" + reply);
    }

    @Test
    void theApiAndDashboardAnswerUnderTheContextPath(@ArquillianResource URL context) throws Exception {
        String base = withoutSlash(context);
        HttpResponse<String> routers = WarFixture.get(base + "/api/http/routers");
        assertEquals(200, routers.statusCode());
        assertTrue(routers.body().contains("PathPrefix(`/who`)"), routers.body());
        assertTrue(routers.body().contains("\"status\":\"enabled\""), routers.body());

        HttpResponse<String> entryPoints = WarFixture.get(base + "/api/entrypoints");
        assertEquals(200, entryPoints.statusCode());
        assertTrue(entryPoints.body().contains("\"web\""), entryPoints.body());

        HttpResponse<String> dashboard = WarFixture.get(base + "/dashboard/");
        assertEquals(200, dashboard.statusCode());
        assertTrue(dashboard.body().contains("<html"), dashboard.body());
    }

    /** web.xml sends every error to Jetway's plain page: no container HTML, no exception text. */
    @Test
    void errorPagesArePlainText(@ArquillianResource URL context) throws Exception {
        HttpResponse<String> missing = WarFixture.get(withoutSlash(context) + "/dashboard/missing.js");
        assertEquals(404, missing.statusCode());
        assertTrue(missing.headers().firstValue("Content-Type").orElse("").startsWith("text/plain"), missing.headers().toString());
        assertEquals("Not Found", missing.body());
    }

    @Test
    void metricsCountTheExchangesSeenByTheServletFilter(@ArquillianResource URL context) throws Exception {
        String base = withoutSlash(context);
        assertEquals(200, WarFixture.get(base + "/who/counted").statusCode());
        assertEquals(404, WarFixture.get(base + "/uncounted-route").statusCode());
        String metrics = WarFixture.get(base + "/metrics").body();
        assertTrue(metrics.contains("traefik_entrypoint_requests_total{code=\"200\",entrypoint=\"web\",method=\"GET\",protocol=\"http\"}"),
                metrics);
        assertTrue(metrics.contains("traefik_entrypoint_requests_total{code=\"404\",entrypoint=\"web\",method=\"GET\",protocol=\"http\"}"),
                metrics);
        assertTrue(metrics.contains("traefik_service_requests_total{code=\"200\""), metrics);
    }

    @Test
    void theAccessLogHasALineForEachExchangeSeenByTheServletFilter(@ArquillianResource URL context) throws Exception {
        String base = withoutSlash(context);
        assertEquals(200, WarFixture.get(base + "/who/logged?n=1").statusCode());
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        String line = null;
        while (line == null && System.nanoTime() < deadline) {
            line = Files.exists(accessLog) ? Files.readAllLines(accessLog).stream()
                    .filter(l -> l.contains("\"RequestPath\":\"/jetway/who/logged?n=1\"")).findFirst().orElse(null) : null;
            if (line == null) {
                Thread.sleep(50);
            }
        }
        assertTrue(line != null, "no access log line for /who/logged in:\n"
                + (Files.exists(accessLog) ? Files.readString(accessLog) : "(no file)"));
        assertTrue(line.contains("\"DownstreamStatus\":200"), line);
        assertTrue(line.contains("\"OriginStatus\":200"), line);
        assertTrue(line.contains("\"entryPointName\":\"web\""), line);
        assertTrue(line.contains("\"ServiceURL\":\"http://127.0.0.1:" + backend.port()), line);
        assertTrue(line.matches(".*\"RouterName\":\"[^\"]+@kubernetescrd\".*"), line);
    }

    private static String withoutSlash(URL url) {
        String s = url.toString();
        return s.endsWith("/") ? s.substring(0, s.length() - 1) : s;
    }

    static {
        // Surefire runs from the project directory; the deployment reads src/main/webapp from there.
        if (!Files.isDirectory(Path.of("src/main/webapp"))) {
            throw new UncheckedIOException(new IOException("run from the project directory"));
        }
    }
}
