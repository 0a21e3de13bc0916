package io.jetway.e2e;

import io.jetway.whoami.WhoamiServer;
import org.eclipse.jetty.client.ContentResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A reload never fails a request: 8 busy keep-alive clients while the directory is rewritten 50 times. */
class ReloadUnderLoadTest {

    @Test
    void fiftyRewritesUnderLoadFailNoRequest(@TempDir Path dir) throws Exception {
        Path manifests = dir.resolve("m");
        Files.createDirectories(manifests);
        try (WhoamiServer a = WhoamiServer.start("127.0.0.1", 0, "a");
             WhoamiServer b = WhoamiServer.start("127.0.0.1", 0, "b")) {
            Files.writeString(manifests.resolve("services.yaml"),
                    Manifests.service("a", a.port()) + Manifests.service("b", b.port()));
            Files.writeString(manifests.resolve("route.yaml"), Manifests.route("r", "Host(`load.localhost`)", "a"));
            try (JetwayHarness jw = JetwayHarness.start(manifests)) {
                AtomicBoolean running = new AtomicBoolean(true);
                AtomicLong ok = new AtomicLong();
                AtomicLong switches = new AtomicLong();
                ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
                List<Thread> clients = new ArrayList<>();
                for (int i = 0; i < 8; i++) {
                    Thread t = new Thread(() -> {
                        String last = null;
                        while (running.get()) {
                            try {
                                ContentResponse r = jw.get("load.localhost", "/");
                                if (r.getStatus() == 200) {
                                    ok.incrementAndGet();
                                    String servedBy = r.getHeaders().get("X-Whoami-Name");
                                    if (last != null && !last.equals(servedBy)) {
                                        switches.incrementAndGet();
                                    }
                                    last = servedBy;
                                } else {
                                    failures.add("status " + r.getStatus() + ": " + r.getContentAsString());
                                }
                            } catch (Exception e) {
                                failures.add(e.toString());
                            }
                        }
                    }, "load-client-" + i);
                    t.start();
                    clients.add(t);
                }
                // Each rewrite flips the service and adds routes, so every reload really rebuilds.
                for (int i = 0; i < 50; i++) {
                    StringBuilder yaml = new StringBuilder(Manifests.route("r", "Host(`load.localhost`)", i % 2 == 0 ? "b" : "a"));
                    for (int j = 0; j <= i % 5; j++) {
                        yaml.append(Manifests.route("extra-" + j, "Host(`extra-" + j + ".localhost`)", "a"));
                    }
                    jw.write("route.yaml", yaml.toString());
                    // Longer than the file provider's debounce, so each rewrite is its own reload.
                    Thread.sleep(200);
                }
                Thread.sleep(500);
                running.set(false);
                for (Thread t : clients) {
                    t.join(Duration.ofSeconds(30).toMillis());
                }
                assertEquals(List.of(), List.copyOf(failures), "failed requests during reloads");
                assertTrue(ok.get() > 100, "the clients were busy: " + ok.get() + " requests");
                // Each client sees the service flip at most once per reload; 8 clients over ~50 reloads.
                assertTrue(switches.get() > 8 * 30, "reloads took effect under load: " + switches.get() + " switches seen");
            }
        }
    }
}
