package io.jetway.bootstrap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jetway.config.StaticConfigParser;
import io.jetway.server.proxy.ProxyOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProvidersStartTest {

    /** The server starts this bean before its connectors: it must not finish starting before the load has. */
    @Test
    void startingWaitsForTheLoad() throws Exception {
        ProvidersStart start = new ProvidersStart();
        CountDownLatch loading = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        start.execute(() -> {
            loading.countDown();
            await(release);
        });
        assertTrue(loading.await(30, TimeUnit.SECONDS));
        AtomicReference<Throwable> failed = new AtomicReference<>();
        Thread starter = new Thread(() -> {
            try {
                start.start();
            } catch (Throwable e) {
                failed.set(e);
            }
        });
        starter.start();
        starter.join(300);
        assertTrue(starter.isAlive(), "started while the load was still running");
        assertFalse(start.isStarted());
        release.countDown();
        starter.join(30_000);
        assertTrue(start.isStarted());
        assertEquals(null, failed.get());
    }

    /** What the load throws fails the start, as it did when the load ran in the listener. */
    @Test
    void aFailedLoadFailsTheStart() {
        ProvidersStart start = new ProvidersStart();
        IllegalStateException failure = new IllegalStateException("the pipeline broke");
        start.execute(() -> {
            throw failure;
        });
        assertSame(failure, assertThrows(IllegalStateException.class, start::start));
    }

    /** A context that did not wire Jetway never hands it a load: nothing to wait for. */
    @Test
    void withoutALoadStartingDoesNotWait() throws Exception {
        ProvidersStart start = new ProvidersStart();
        start.start();
        assertTrue(start.isStarted());
    }

    /** When the embedded server's start returns, the manifests' routes are live (the load ran beside it). */
    @Test
    void theFirstTableIsLiveWhenTheServerHasStarted(@TempDir Path manifests) throws Exception {
        Files.writeString(manifests.resolve("route.yaml"), """
                apiVersion: traefik.io/v1alpha1
                kind: IngressRoute
                metadata:
                  name: app
                  namespace: default
                spec:
                  entryPoints: [web]
                  routes:
                    - match: Host(`app.example`)
                      kind: Rule
                      services:
                        - name: app
                          port: 80
                ---
                apiVersion: v1
                kind: Service
                metadata:
                  name: app
                  namespace: default
                spec:
                  ports:
                    - port: 80
                """);
        var config = StaticConfigParser.parse(new String[] {
                "--entrypoints.web.address=127.0.0.1:0", "--providers.file.directory=" + manifests});
        try (EmbeddedServer server = EmbeddedServer.start(config, ProxyOptions.from(config.serversTransport()))) {
            assertEquals(1, server.routerStatuses().size(), server.routerStatuses().toString());
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
