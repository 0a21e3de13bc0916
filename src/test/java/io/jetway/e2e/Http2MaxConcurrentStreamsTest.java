package io.jetway.e2e;

import org.eclipse.jetty.http2.api.Session;
import org.eclipse.jetty.http2.client.HTTP2Client;
import org.eclipse.jetty.http2.frames.SettingsFrame;
import org.eclipse.jetty.util.Promise;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * {@code entryPoints.<name>.http2.maxConcurrentStreams}: what the entry point announces in its
 * SETTINGS frame to an h2c client on a real socket (Traefik's default 250, not Jetty's 128).
 */
class Http2MaxConcurrentStreamsTest {

    static int announced(Path dir, String... flags) throws Exception {
        Path manifests = Files.createDirectories(dir.resolve("m" + flags.length));
        try (JetwayHarness jw = JetwayHarness.start(manifests, flags)) {
            HTTP2Client client = new HTTP2Client();
            client.start();
            try {
                CompletableFuture<Map<Integer, Integer>> settings = new CompletableFuture<>();
                client.connect(new InetSocketAddress("127.0.0.1", jw.port()), new Session.Listener() {
                    @Override
                    public void onSettings(Session session, SettingsFrame frame) {
                        settings.complete(frame.getSettings());
                    }
                }, new Promise.Adapter<>());
                return settings.get(20, TimeUnit.SECONDS).get(SettingsFrame.MAX_CONCURRENT_STREAMS);
            } finally {
                client.stop();
            }
        }
    }

    @Test
    void theEntryPointAnnouncesItsLimit(@TempDir Path dir) throws Exception {
        assertEquals(250, announced(dir), "Traefik's default");
        assertEquals(3, announced(dir, "--entrypoints.web.http2.maxConcurrentStreams=3"));
    }
}
