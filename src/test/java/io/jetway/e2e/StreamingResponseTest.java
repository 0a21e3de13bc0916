package io.jetway.e2e;

import org.eclipse.jetty.client.InputStreamResponseListener;
import org.eclipse.jetty.client.Response;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.FutureCallback;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Streamed responses pass through as they are written: the backend sends its second part only
 * after the client has received the first, so a proxy that held the response back would hang.
 * Server-Sent Events always flush at once; other streams of unknown length flush within the
 * service's flushInterval (Traefik's default 100ms, or after every write when negative).
 */
class StreamingResponseTest {

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource(delimiter = '|', value = {
            "text/event-stream    | default flushInterval",
            "application/x-ndjson | default flushInterval",
            "application/x-ndjson | flushInterval: 50ms",
            "text/plain           | flushInterval: -1",
            "text/event-stream    | flushInterval: 10s",
    })
    void partsReachTheClientBeforeTheResponseEnds(String contentType, String flushSetting, @TempDir Path dir) throws Exception {
        CountDownLatch firstPartSeen = new CountDownLatch(1);
        Backend backend = Backend.answeredBy(new Handler.Abstract() {
            @Override
            public boolean handle(Request request, org.eclipse.jetty.server.Response response, Callback callback) throws Exception {
                response.getHeaders().put("Content-Type", contentType);
                FutureCallback first = new FutureCallback();
                response.write(false, ByteBuffer.wrap("data: one\n\n".getBytes(StandardCharsets.UTF_8)), first);
                first.get(5, TimeUnit.SECONDS);
                boolean seen = firstPartSeen.await(10, TimeUnit.SECONDS);
                response.write(true, ByteBuffer.wrap(("data: " + (seen ? "two" : "timeout") + "\n\n")
                        .getBytes(StandardCharsets.UTF_8)), callback);
                return true;
            }
        });
        try {
            String serviceExtra = flushSetting.startsWith("default") ? "" : """
                          responseForwarding:
                            %s
                """.formatted(flushSetting);
            Path manifests = Files.createDirectories(dir.resolve("m"));
            Files.writeString(manifests.resolve("app.yaml"), Manifests.service("stream", backend.port())
                    + Manifests.route("stream", "Host(`stream.localhost`)", "stream", 0, serviceExtra));
            try (JetwayHarness jw = JetwayHarness.start(manifests)) {
                InputStreamResponseListener listener = new InputStreamResponseListener();
                jw.request("stream.localhost", "/events").send(listener);
                Response response = listener.get(10, TimeUnit.SECONDS);
                assertEquals(200, response.getStatus());
                assertEquals(contentType, response.getHeaders().get("Content-Type"));
                BufferedReader parts = new BufferedReader(new InputStreamReader(listener.getInputStream(), StandardCharsets.UTF_8));
                assertEquals("data: one", parts.readLine());
                firstPartSeen.countDown();
                assertEquals("", parts.readLine());
                assertEquals("data: two", parts.readLine(), "the first part arrived while the response was still open");
                assertTrue(parts.readLine().isEmpty());
            }
        } finally {
            backend.close();
        }
    }
}
