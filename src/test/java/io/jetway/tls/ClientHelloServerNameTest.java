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

/** The SNI read from a real JSSE ClientHello, before any handshake. */
class ClientHelloServerNameTest {

    private static ByteBuffer clientHello(String serverName) throws Exception {
        SSLEngine engine = SSLContext.getDefault().createSSLEngine("127.0.0.1", 443);
        engine.setUseClientMode(true);
        SSLParameters parameters = engine.getSSLParameters();
        parameters.setServerNames(serverName == null ? List.of() : List.of(new SNIHostName(serverName)));
        engine.setSSLParameters(parameters);
        ByteBuffer out = ByteBuffer.allocate(engine.getSession().getPacketBufferSize());
        engine.wrap(ByteBuffer.allocate(0), out);
        return out.flip();
    }

    @Test
    void readsTheServerNameWithoutConsumingTheBytes() throws Exception {
        ByteBuffer hello = clientHello("app.example.com");
        int before = hello.remaining();
        assertEquals(new ClientHelloServerName.Result(ClientHelloServerName.Status.READ, "app.example.com"),
                ClientHelloServerName.read(hello));
        assertEquals(before, hello.remaining());
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
