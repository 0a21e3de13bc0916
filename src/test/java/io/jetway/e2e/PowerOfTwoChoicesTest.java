package io.jetway.e2e;

import io.jetway.whoami.WhoamiServer;
import org.eclipse.jetty.client.ContentResponse;
import org.eclipse.jetty.client.Result;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** p2c sends new requests to the server with fewer requests in flight. */
class PowerOfTwoChoicesTest {

    @Test
    void avoidsTheServerThatIsStuckWithRequests(@TempDir Path dir) throws Exception {
        // A backend that accepts connections and never answers: its requests stay in flight.
        try (Backend stuck = Backend.silent();
             WhoamiServer fast = WhoamiServer.start("127.0.0.1", 0, "fast")) {
            Path manifests = Files.createDirectories(dir.resolve("m"));
            Files.writeString(manifests.resolve("app.yaml"), Manifests.service("mixed", stuck.port(), fast.port())
                    + Manifests.route("p2c", "Host(`p2c.localhost`)", "mixed", 0, "          strategy: p2c\n"));
            try (JetwayHarness jw = JetwayHarness.start(manifests,
                    "--serversTransport.forwardingTimeouts.responseHeaderTimeout=5s")) {
                // Until one request is stuck, ties may pick either server.
                CountDownLatch done = new CountDownLatch(3);
                for (int i = 0; i < 3; i++) {
                    jw.request("p2c.localhost", "/").send((Result r) -> done.countDown());
                }
                Thread.sleep(300);
                assertTrue(done.getCount() > 0, "at least one request went to the stuck server and is in flight");
                for (int i = 0; i < 20; i++) {
                    ContentResponse r = jw.request("p2c.localhost", "/").timeout(3, TimeUnit.SECONDS).send();
                    assertEquals(200, r.getStatus());
                    assertEquals("fast", r.getHeaders().get("X-Whoami-Name"), "request " + i);
                }
                assertTrue(done.await(10, TimeUnit.SECONDS), "stuck requests end with 504 after the header timeout");
            }
        }
    }
}
