package io.jetway.e2e;

import io.jetway.util.TestCertificates.Issued;
import io.jetway.util.TestCertificates;
import io.jetway.whoami.WhoamiServer;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** WebSocket to an HTTPS backend (wss) verified with the route's ServersTransport, as plain HTTP is. */
class SecureWebSocketTest {

    @Test
    void webSocketToATlsBackendUsesTheServersTransport(@TempDir Path dir) throws Exception {
        Issued ca = TestCertificates.ca("ws-test-ca");
        Issued cert = TestCertificates.issue(ca, "ws-backend", false, "127.0.0.1");
        SslContextFactory.Server tls = new SslContextFactory.Server();
        tls.setKeyStore(cert.keyStore());
        tls.setKeyStorePassword(new String(TestCertificates.PASSWORD));
        try (WhoamiServer backend = WhoamiServer.start("127.0.0.1", 0, "secure", tls)) {
            Path manifests = Files.createDirectories(dir.resolve("m"));
            Files.writeString(manifests.resolve("app.yaml"), Manifests.service("secure", backend.port()) + """
                    apiVersion: v1
                    kind: Secret
                    metadata: {name: ca}
                    data:
                      ca.crt: %s
                    ---
                    apiVersion: traefik.io/v1alpha1
                    kind: ServersTransport
                    metadata: {name: private-ca}
                    spec:
                      rootCAs: [{secret: ca}]
                    ---
                    """.formatted(TestCertificates.base64(ca.certificatePem()))
                    + Manifests.route("trusted", "Path(`/echo`) && Query(`via`, `trusted`)", "secure", 0,
                            "          scheme: https\n          serversTransport: private-ca\n")
                    + Manifests.route("untrusted", "Path(`/echo`) && Query(`via`, `untrusted`)", "secure", 0, "          scheme: https\n"));
            try (JetwayHarness jw = JetwayHarness.start(manifests)) {
                assertEquals("hello over wss", echo(jw, "trusted", "hello over wss"));
                ExecutionException refused = assertThrows(ExecutionException.class, () -> echo(jw, "untrusted", "x"));
                WebSocketHandshakeException handshake = assertInstanceOf(WebSocketHandshakeException.class, refused.getCause());
                assertEquals(502, handshake.getResponse().statusCode(), "the backend's certificate is not trusted without the transport");
            }
        }
    }

    static String echo(JetwayHarness jw, String via, String text) throws Exception {
        CompletableFuture<String> reply = new CompletableFuture<>();
        WebSocket ws = HttpClient.newHttpClient().newWebSocketBuilder()
                .buildAsync(URI.create("ws://127.0.0.1:" + jw.port() + "/echo?via=" + via), new WebSocket.Listener() {
                    final StringBuilder received = new StringBuilder();

                    @Override
                    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
                        received.append(data);
                        if (last) {
                            reply.complete(received.toString());
                        }
                        webSocket.request(1);
                        return null;
                    }
                }).get(10, TimeUnit.SECONDS);
        ws.sendText(text, true).get(10, TimeUnit.SECONDS);
        String answer = reply.get(10, TimeUnit.SECONDS);
        ws.sendClose(WebSocket.NORMAL_CLOSURE, "bye").get(10, TimeUnit.SECONDS);
        return answer;
    }
}
