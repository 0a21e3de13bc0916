package io.jetway.e2e;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Request smuggling on real sockets: each request below frames its body ambiguously and carries a
 * second request ({@code GET /smuggled}) where a parser that disagrees with the backend's would
 * find it. Jetway must answer 400 (or 501 for a coding it does not know), close the connection,
 * and forward nothing: neither the ambiguous request nor the hidden one may reach the backend.
 */
class HttpAbuseTest {

    private static final String HIDDEN = "GET /smuggled HTTP/1.1\r\nHost: abuse.localhost\r\n\r\n";

    private static final java.util.concurrent.atomic.AtomicInteger AFTER = new java.util.concurrent.atomic.AtomicInteger();

    static Backend backend;
    static JetwayHarness jetway;

    @BeforeAll
    static void start() throws Exception {
        backend = Backend.start();
        Path manifests = Files.createDirectories(Files.createTempDirectory("abuse").resolve("m"));
        jetway = JetwayHarness.routedTo(manifests, backend.port());
    }

    @AfterAll
    static void stop() throws Exception {
        jetway.close();
        backend.close();
    }

    static Stream<Arguments> ambiguousFraming() {
        String chunkedHidden = "0\r\n\r\n" + HIDDEN;
        return Stream.of(
                Arguments.of("CL.TE: Content-Length and chunked",
                        head("Content-Length: " + chunkedHidden.length(), "Transfer-Encoding: chunked") + chunkedHidden, 400),
                Arguments.of("TE.CL: chunked then a short Content-Length",
                        head("Transfer-Encoding: chunked", "Content-Length: 4") + "5c\r\n" + HIDDEN + "\r\n0\r\n\r\n", 400),
                Arguments.of("two different Content-Lengths",
                        head("Content-Length: 0", "Content-Length: " + HIDDEN.length()) + HIDDEN, 400),
                Arguments.of("a Content-Length list",
                        head("Content-Length: 0, " + HIDDEN.length()) + HIDDEN, 400),
                Arguments.of("a signed Content-Length",
                        head("Content-Length: +" + HIDDEN.length()) + HIDDEN, 400),
                Arguments.of("Transfer-Encoding with a space before the colon",
                        head("Transfer-Encoding : chunked", "Content-Length: 0") + chunkedHidden, 400),
                Arguments.of("an unknown coding (xchunked)",
                        head("Transfer-Encoding: xchunked", "Content-Length: 0") + chunkedHidden, 400),
                Arguments.of("chunked followed by identity in a second header",
                        head("Transfer-Encoding: chunked", "Transfer-Encoding: identity") + chunkedHidden, 400),
                Arguments.of("a vertical tab before chunked",
                        head("Transfer-Encoding:\u000bchunked", "Content-Length: 0") + chunkedHidden, 400),
                Arguments.of("a folded (obs-fold) Transfer-Encoding",
                        head("X-Padding: a", " Transfer-Encoding: chunked", "Content-Length: 0") + chunkedHidden, 400),
                Arguments.of("a NUL in a header name",
                        head("Content\u0000-Length: 5", "Transfer-Encoding: chunked") + chunkedHidden, 400));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("ambiguousFraming")
    void ambiguousFramingIsRejectedAndNothingReachesTheBackend(String name, String request, int status) throws Exception {
        int before = backend.received().size();
        RawHttp.Exchange exchange = RawHttp.send(jetway.port(), request, 3_000);
        assertEquals(status, exchange.firstStatus(), exchange.text());
        assertEquals(1, exchange.statuses().size(), "one answer, the hidden request is not served: " + exchange.text());
        assertTrue(exchange.closed(), "the connection is closed after a framing error");
        // A request made after the abuse proves the backend is reachable, so "nothing arrived" means something.
        String after = "/after/" + AFTER.incrementAndGet();
        assertEquals(200, jetway.get("abuse.localhost", after).getStatus());
        backend.awaitPath(after);
        assertFalse(backend.paths().contains("/smuggled"), "the hidden request reached the backend: " + backend.paths());
        assertEquals(before + 1, backend.received().size(),
                "only the later request reached the backend: " + backend.paths());
    }

    /**
     * RFC 9112 6.1: an HTTP/1.0 message with Transfer-Encoding has faulty framing; the server may
     * process it but must close the connection after it, so bytes after its body are never a request.
     */
    @org.junit.jupiter.api.Test
    void chunkedInHttp10IsAnsweredOnceAndTheConnectionClosed() throws Exception {
        int before = backend.received().size();
        RawHttp.Exchange exchange = RawHttp.send(jetway.port(), "POST /upload10 HTTP/1.0\r\nHost: abuse.localhost\r\n"
                + "Transfer-Encoding: chunked\r\n\r\n0\r\n\r\n" + HIDDEN, 3_000);
        assertEquals(java.util.List.of(200), exchange.statuses(), exchange.text());
        assertTrue(exchange.closed(), "the connection is closed after an HTTP/1.0 request");
        backend.awaitPath("/upload10");
        assertFalse(backend.paths().contains("/smuggled"), "the hidden request reached the backend: " + backend.paths());
        assertEquals(before + 1, backend.received().size(), backend.paths().toString());
        assertEquals(0, backend.awaitPath("/upload10").bodyLength(), "the empty chunked body stays empty");
    }

    private static String head(String... headers) {
        return "POST /upload HTTP/1.1\r\nHost: abuse.localhost\r\n" + String.join("\r\n", headers) + "\r\n\r\n";
    }
}
