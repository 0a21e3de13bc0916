package io.jetway.net;

import static io.jetway.net.ProxyProtocolHeaderTest.at;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.ProxyConnectionFactory;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A cross-check: Jetty's own PROXY protocol parser, on a real socket, reads back what we build.
 * Jetty takes STREAM only, so the DGRAM form is checked byte by byte in ProxyProtocolHeaderTest
 * and as a backend receives it in the UDP entry point's tests.
 */
class ProxyProtocolHeaderJettyTest {

    private static Server server;
    private static int port;

    @BeforeAll
    static void start() throws Exception {
        server = new Server();
        ServerConnector connector = new ServerConnector(server,
                new ProxyConnectionFactory("HTTP/1.1"), new HttpConnectionFactory());
        connector.setHost("127.0.0.1");
        server.addConnector(connector);
        server.setHandler(new Handler.Abstract() {
            @Override
            public boolean handle(Request request, Response response, Callback callback) {
                String seen = Request.getRemoteAddr(request) + " " + Request.getRemotePort(request) + " "
                        + Request.getLocalAddr(request) + " " + Request.getLocalPort(request);
                response.write(true, ByteBuffer.wrap(seen.getBytes(StandardCharsets.US_ASCII)), callback);
                return true;
            }
        });
        server.start();
        port = connector.getLocalPort();
    }

    @AfterAll
    static void stop() throws Exception {
        server.stop();
    }

    /** What the handler saw as client and local address after Jetty parsed {@code header}. */
    private static String seenWith(byte[] header) throws Exception {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(header);
            out.write("GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            ByteArrayOutputStream response = new ByteArrayOutputStream();
            in.transferTo(response);
            String text = response.toString(StandardCharsets.US_ASCII);
            assertTrue(text.startsWith("HTTP/1.1 200"), text);
            return text.substring(text.indexOf("\r\n\r\n") + 4);
        }
    }

    @Test
    void v1Tcp4() throws Exception {
        assertEquals("192.168.0.1 56324 192.168.0.11 443",
                seenWith(ProxyProtocolHeader.v1(at("192.168.0.1", 56324), at("192.168.0.11", 443))));
    }

    @Test
    void v1Tcp6() throws Exception {
        assertEquals("[2001:db8:0:0:0:0:0:1] 1 [0:0:0:0:0:0:0:1] 65535",
                seenWith(ProxyProtocolHeader.v1(at("2001:db8::1", 1), at("::1", 65535))));
    }

    @Test
    void v1UnknownLeavesTheRealConnection() throws Exception {
        String seen = seenWith(ProxyProtocolHeader.v1(at("10.0.0.1", 1), at("::1", 2)));
        assertTrue(seen.startsWith("127.0.0.1 ") && seen.endsWith(" 127.0.0.1 " + port), seen);
    }

    @Test
    void v2Stream4() throws Exception {
        assertEquals("192.168.0.1 56324 192.168.0.11 443", seenWith(ProxyProtocolHeader.v2(at("192.168.0.1", 56324),
                at("192.168.0.11", 443), ProxyProtocolHeader.Transport.STREAM)));
    }

    @Test
    void v2Stream6() throws Exception {
        assertEquals("[2001:db8:0:0:0:0:0:1] 1 [0:0:0:0:0:0:0:1] 2",
                seenWith(ProxyProtocolHeader.v2(at("2001:db8::1", 1), at("::1", 2), ProxyProtocolHeader.Transport.STREAM)));
    }

    @Test
    void v2MixedFamiliesArriveAsIpv4ClientAndIpv6Local() throws Exception {
        // Jetty reads the 16 bytes of ::ffff:10.0.0.1 and the JDK folds them back to IPv4.
        assertEquals("10.0.0.1 5000 [0:0:0:0:0:0:0:1] 53",
                seenWith(ProxyProtocolHeader.v2(at("10.0.0.1", 5000), at("::1", 53), ProxyProtocolHeader.Transport.STREAM)));
    }

    @Test
    void v2LocalForUnresolvedLeavesTheRealConnection() throws Exception {
        String seen = seenWith(ProxyProtocolHeader.v2(InetSocketAddress.createUnresolved("client", 1), at("::1", 2),
                ProxyProtocolHeader.Transport.STREAM));
        assertTrue(seen.startsWith("127.0.0.1 ") && seen.endsWith(" 127.0.0.1 " + port), seen);
    }
}
