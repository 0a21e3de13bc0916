package io.jetway.e2e;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The dashboard in headless Chromium (Debian's chromium, installed by .ci/run) against a running
 * Jetway with known manifests: what the page shows after its scripts ran, and a screenshot in
 * target/dashboard.png.
 */
class DashboardTest {

    static JetwayHarness jetway;
    static Path manifests;

    @BeforeAll
    static void start() throws Exception {
        manifests = Files.createTempDirectory("dashboard-manifests");
        Files.writeString(manifests.resolve("app.yaml"), Manifests.service("shop", 18081) + """
                apiVersion: traefik.io/v1alpha1
                kind: Middleware
                metadata: {name: broken-regex}
                spec:
                  stripPrefixRegex: {regex: ['(']}
                ---
                apiVersion: traefik.io/v1alpha1
                kind: IngressRoute
                metadata: {name: shop}
                spec:
                  routes:
                    - match: Host(`shop.example.com`)
                      services: [{name: shop, port: 80}]
                    - match: Host(`legacy.example.com`)
                      middlewares: [{name: broken-regex}]
                      services: [{name: shop, port: 80}]
                """);
        jetway = JetwayHarness.start(manifests, "--api.insecure", "--entrypoints.traefik.address=127.0.0.1:0");
    }

    @AfterAll
    static void stop() throws Exception {
        jetway.close();
    }

    static String chromium() {
        for (String candidate : List.of("/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome")) {
            if (Files.isExecutable(Path.of(candidate))) {
                return candidate;
            }
        }
        throw new AssertionError("headless Chromium is needed (Debian package chromium; .ci/run installs it)");
    }

    /** Runs Chromium headless on the page and returns the DOM after its scripts ran. */
    static String dom(String query, String... extra) throws Exception {
        List<String> command = new ArrayList<>(List.of(chromium(), "--headless", "--no-sandbox", "--disable-gpu",
                "--disable-dev-shm-usage", "--virtual-time-budget=8000", "--window-size=1400,1000"));
        command.addAll(List.of(extra));
        command.add("--dump-dom");
        command.add("http://127.0.0.1:" + jetway.server.port("traefik") + "/dashboard/" + query);
        Process p = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "chromium exits");
        return out;
    }

    @Test
    void showsRoutersServicesMiddlewaresWithTheirStatusAndErrors() throws Exception {
        String dom = dom("");
        assertTrue(dom.contains("data-loaded=\"true\""), "the API was read: " + dom);
        assertTrue(dom.contains("Host(`shop.example.com`)"), "the good router's rule");
        assertTrue(dom.contains("Host(`legacy.example.com`)"), "the broken router's rule");
        assertTrue(dom.contains("<span class=\"status disabled\">disabled</span>"), "a disabled router is marked");
        assertTrue(dom.contains("invalid regular expression"), "its error is shown");
        assertTrue(dom.contains("http://127.0.0.1:18081"), "the service's server");
        assertTrue(dom.contains("<b>2</b>"), "two routers counted");
    }

    @Test
    void searchFiltersEveryTable() throws Exception {
        String dom = dom("?search=legacy");
        assertTrue(dom.contains("Host(`legacy.example.com`)"));
        assertFalse(dom.contains("Host(`shop.example.com`)"), "rows that do not match are hidden");
    }

    @Test
    void screenshotIsSaved() throws Exception {
        Path shot = Path.of("target", "dashboard.png").toAbsolutePath();
        Files.deleteIfExists(shot);
        dom("", "--screenshot=" + shot);
        assertTrue(Files.size(shot) > 1000, "a screenshot was written to " + shot);
        byte[] header = Files.readAllBytes(shot);
        assertEquals((byte) 0x89, header[0], "a PNG file");
    }
}
