package io.jetway.e2e;

import io.jetway.whoami.WhoamiServer;
import org.eclipse.jetty.client.ContentResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * An error answer written to a client that does not read blocks only that exchange. Backend
 * responses are read on the backend client's selector thread; the errors middleware's page (here
 * 4 MB) is written with a blocking write, so it must not be written from that thread, or every
 * other backend response would wait for the stalled client.
 */
class ErrorPageToSlowClientTest {

    @Test
    void otherRequestsAreServedWhileALargeErrorPageWaitsForAClientThatDoesNotRead(@TempDir Path dir) throws Exception {
        try (WhoamiServer app = WhoamiServer.start("127.0.0.1", 0, "app");
             WhoamiServer pages = WhoamiServer.start("127.0.0.1", 0, "pages")) {
            Path manifests = Files.createDirectories(dir.resolve("m"));
            try (JetwayHarness jw = JetwayHarness.start(manifests)) {
                jw.write("app.yaml", Manifests.service("app", app.port()) + Manifests.service("pages", pages.port())
                        + """
                        apiVersion: traefik.io/v1alpha1
                        kind: Middleware
                        metadata: {name: bigpage}
                        spec:
                          errors:
                            status: ["500-599"]
                            query: /data?size=4000000
                            service: {name: pages, port: 80}
                        ---
                        """
                        + Manifests.route("slow", "Host(`slow.localhost`)", "app", 0, "      middlewares: [{name: bigpage}]\n")
                        + Manifests.route("ok", "Host(`ok.localhost`)", "app"));
                jw.awaitResponse("ok.localhost", "/", r -> r.getStatus() == 200, Duration.ofSeconds(10));

                try (Socket stalled = new Socket()) {
                    stalled.setReceiveBufferSize(4096);
                    stalled.connect(new InetSocketAddress("127.0.0.1", jw.port()));
                    OutputStream out = stalled.getOutputStream();
                    out.write("GET /?status=500 HTTP/1.1\r\nHost: slow.localhost\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                    out.flush();
                    Thread.sleep(1_000); // the page is fetched and its write fills the socket; nobody reads

                    for (int i = 0; i < 20; i++) {
                        ContentResponse other = jw.request("ok.localhost", "/").timeout(5, TimeUnit.SECONDS).send();
                        assertEquals(200, other.getStatus());
                    }
                    // The stalled exchange still gets its page once its client reads.
                    byte[] head = stalled.getInputStream().readNBytes(12);
                    assertEquals("HTTP/1.1 500", new String(head, StandardCharsets.US_ASCII));
                }
            }
        }
    }
}
