package io.jetway.e2e;

import org.eclipse.jetty.client.InputStreamResponseListener;
import org.eclipse.jetty.client.Response;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.FutureCallback;
import org.junit.jupiter.api.Test;
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
 * Server-Sent Events pass through as they are written: the backend sends its second event only
 * after the client has received the first, so a proxy that buffered the response would hang.
 */
class StreamingResponseTest {

    @Test
    void serverSentEventsReachTheClientBeforeTheResponseEnds(@TempDir Path dir) throws Exception {
        CountDownLatch firstEventSeen = new CountDownLatch(1);
        Server backend = new Server();
        ServerConnector connector = new ServerConnector(backend);
        connector.setHost("127.0.0.1");
        backend.addConnector(connector);
        backend.setHandler(new Handler.Abstract() {
            @Override
            public boolean handle(Request request, org.eclipse.jetty.server.Response response, Callback callback) throws Exception {
                response.getHeaders().put("Content-Type", "text/event-stream");
                FutureCallback first = new FutureCallback();
                response.write(false, ByteBuffer.wrap("data: one\n\n".getBytes(StandardCharsets.UTF_8)), first);
                first.get(5, TimeUnit.SECONDS);
                boolean seen = firstEventSeen.await(10, TimeUnit.SECONDS);
                response.write(true, ByteBuffer.wrap(("data: " + (seen ? "two" : "timeout") + "\n\n")
                        .getBytes(StandardCharsets.UTF_8)), callback);
                return true;
            }
        });
        backend.start();
        try {
            Path manifests = Files.createDirectories(dir.resolve("m"));
            Files.writeString(manifests.resolve("app.yaml"), Manifests.service("sse", connector.getLocalPort())
                    + Manifests.route("sse", "Host(`sse.localhost`)", "sse"));
            try (JetwayHarness jw = JetwayHarness.start(manifests)) {
                InputStreamResponseListener listener = new InputStreamResponseListener();
                jw.request("sse.localhost", "/events").send(listener);
                Response response = listener.get(10, TimeUnit.SECONDS);
                assertEquals(200, response.getStatus());
                assertEquals("text/event-stream", response.getHeaders().get("Content-Type"));
                BufferedReader events = new BufferedReader(new InputStreamReader(listener.getInputStream(), StandardCharsets.UTF_8));
                assertEquals("data: one", events.readLine());
                firstEventSeen.countDown();
                assertEquals("", events.readLine());
                assertEquals("data: two", events.readLine(), "the first event arrived while the response was still open");
                assertTrue(events.readLine().isEmpty());
            }
        } finally {
            backend.stop();
        }
    }
}
