package io.jetway.tls;

import org.junit.jupiter.api.Test;

import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

/** The SNI and ALPN read from a real JSSE ClientHello, before any handshake. */
class ClientHelloServerNameTest {

    private static ByteBuffer clientHello(String serverName, String... alpn) throws Exception {
        SSLEngine engine = SSLContext.getDefault().createSSLEngine("127.0.0.1", 443);
        engine.setUseClientMode(true);
        SSLParameters parameters = engine.getSSLParameters();
        parameters.setServerNames(serverName == null ? List.of() : List.of(new SNIHostName(serverName)));
        parameters.setApplicationProtocols(alpn);
        engine.setSSLParameters(parameters);
        ByteBuffer out = ByteBuffer.allocate(engine.getSession().getPacketBufferSize());
        engine.wrap(ByteBuffer.allocate(0), out);
        return out.flip();
    }

    @Test
    void readsTheServerNameWithoutConsumingTheBytes() throws Exception {
        ByteBuffer hello = clientHello("app.example.com");
        int before = hello.remaining();
        assertEquals(new ClientHelloServerName.Result(ClientHelloServerName.Status.READ, "app.example.com", List.of()),
                ClientHelloServerName.read(hello));
        assertEquals(before, hello.remaining());
    }

    @Test
    void readsTheAlpnProtocolsInTheClientsOrder() throws Exception {
        assertEquals(new ClientHelloServerName.Result(ClientHelloServerName.Status.READ, "app.example.com",
                        List.of("acme-tls/1", "h2", "http/1.1")),
                ClientHelloServerName.read(clientHello("app.example.com", "acme-tls/1", "h2", "http/1.1")));
        assertEquals(List.of("http/1.1"), ClientHelloServerName.read(clientHello(null, "http/1.1")).alpn());
    }

    @Test
    void noServerNameIsEmpty() throws Exception {
        assertEquals("", ClientHelloServerName.read(clientHello(null)).serverName());
    }

    @Test
    void partialRecordsWaitAndPlainHttpIsNotTls() throws Exception {
        ByteBuffer hello = clientHello("app.example.com");
        assertSame(ClientHelloServerName.Result.INCOMPLETE, ClientHelloServerName.read(hello.slice(0, 3)));
        assertSame(ClientHelloServerName.Result.INCOMPLETE, ClientHelloServerName.read(hello.slice(0, hello.remaining() - 1)));
        assertSame(ClientHelloServerName.Result.NOT_TLS,
                ClientHelloServerName.read(ByteBuffer.wrap("GET / HTTP/1.1\r\n".getBytes(StandardCharsets.US_ASCII))));
        assertSame(ClientHelloServerName.Result.NOT_TLS, ClientHelloServerName.read(ByteBuffer.wrap(new byte[]{'P'})));
    }
}
