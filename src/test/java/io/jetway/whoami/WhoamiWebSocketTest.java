package io.jetway.whoami;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.util.Random;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class WhoamiWebSocketTest {

    private WhoamiServer server;
    private WebSocket socket;
    private final Collector collector = new Collector();

    @BeforeEach
    void connect() throws Exception {
        server = WhoamiServer.start("127.0.0.1", 0, "ws");
        socket = HttpClient.newHttpClient().newWebSocketBuilder()
                .buildAsync(URI.create("ws://127.0.0.1:" + server.port() + "/echo"), collector)
                .get(5, TimeUnit.SECONDS);
    }

    @AfterEach
    void close() {
        socket.abort();
        server.close();
    }

    @Test
    void echoesTextMessages() throws Exception {
        socket.sendText("hello", true).get(5, TimeUnit.SECONDS);
        socket.sendText("wörld ✓", true).get(5, TimeUnit.SECONDS);

        assertEquals("hello", collector.next());
        assertEquals("wörld ✓", collector.next());
    }

    @Test
    void echoesBinaryMessages() throws Exception {
        byte[] payload = {0, 1, 2, (byte) 0xff, 10};

        socket.sendBinary(ByteBuffer.wrap(payload), true).get(5, TimeUnit.SECONDS);

        assertArrayEquals(payload, (byte[]) collector.next());
    }

    @Test
    void echoesFragmentedAndLargeMessages() throws Exception {
        byte[] large = new byte[2 * 1024 * 1024];
        new Random(7).nextBytes(large);

        socket.sendText("frag", false).get(5, TimeUnit.SECONDS);
        socket.sendText("mented", true).get(5, TimeUnit.SECONDS);
        socket.sendBinary(ByteBuffer.wrap(large), true).get(5, TimeUnit.SECONDS);

        assertEquals("fragmented", collector.next());
        assertArrayEquals(large, (byte[]) collector.next());
    }

    @Test
    void answersPingsAndCloses() throws Exception {
        socket.sendPing(ByteBuffer.wrap(new byte[] {1, 2, 3})).get(5, TimeUnit.SECONDS);
        assertEquals("pong:3", collector.next());

        socket.sendClose(WebSocket.NORMAL_CLOSURE, "bye").get(5, TimeUnit.SECONDS);
        assertEquals("close:1000", collector.next());
    }

    /** Gathers whole messages (text as String, binary as byte[]) and control events in order. */
    private static final class Collector implements WebSocket.Listener {
        private final BlockingQueue<Object> messages = new LinkedBlockingQueue<>();
        private final StringBuilder text = new StringBuilder();
        private final ByteArrayOutputStream binary = new ByteArrayOutputStream();

        Object next() throws InterruptedException {
            Object message = messages.poll(10, TimeUnit.SECONDS);
            if (message == null) {
                throw new AssertionError("no WebSocket message within 10 s");
            }
            return message;
        }

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            text.append(data);
            if (last) {
                messages.add(text.toString());
                text.setLength(0);
            }
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
            byte[] bytes = new byte[data.remaining()];
            data.get(bytes);
            binary.writeBytes(bytes);
            if (last) {
                messages.add(binary.toByteArray());
                binary.reset();
            }
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onPong(WebSocket webSocket, ByteBuffer message) {
            messages.add("pong:" + message.remaining());
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            messages.add("close:" + statusCode);
            return null;
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            messages.add("error:" + error);
        }
    }
}
