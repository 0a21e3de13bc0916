package io.jetway.e2e;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.OptionalInt;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A client that writes exact bytes on a real socket and reads what comes back until the server
 * closes or goes quiet: for requests no well-behaved client library would send.
 */
final class RawHttp {

    private static final Pattern STATUS_LINE = Pattern.compile("HTTP/1\\.[01] (\\d{3})");

    /**
     * What came back.
     *
     * @param text     every byte received, as ISO-8859-1
     * @param closed   true when the server closed the connection (as opposed to the read timing out)
     */
    record Exchange(String text, boolean closed) {

        /** The status codes of every response in the bytes received, in order. */
        List<Integer> statuses() {
            List<Integer> statuses = new ArrayList<>();
            Matcher m = STATUS_LINE.matcher(text);
            while (m.find()) {
                statuses.add(Integer.parseInt(m.group(1)));
            }
            return statuses;
        }

        int firstStatus() {
            List<Integer> all = statuses();
            if (all.isEmpty()) {
                throw new AssertionError("no HTTP response; received: " + text);
            }
            return all.get(0);
        }
    }

    private RawHttp() {
    }

    /** Sends the bytes, then reads until the server closes or is quiet for {@code quietMillis}. */
    static Exchange send(int port, String request, int quietMillis) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(quietMillis);
            OutputStream out = socket.getOutputStream();
            out.write(request.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            return readAll(socket.getInputStream());
        }
    }

    private static Exchange readAll(InputStream in) throws IOException {
        ByteArrayOutputStream received = new ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        boolean closed;
        try {
            for (int n; ; ) {
                n = in.read(buffer);
                if (n < 0) {
                    closed = true;
                    break;
                }
                received.write(buffer, 0, n);
            }
        } catch (SocketTimeoutException quiet) {
            closed = false;
        } catch (java.net.SocketException reset) {
            closed = true;
        }
        return new Exchange(received.toString(StandardCharsets.ISO_8859_1), closed);
    }

    /** A response's status line, headers and body; status -1 when the connection closed before one came. */
    record Reply(int status, String head, String body) {
    }

    static Socket connect(int port) throws IOException {
        Socket socket = new Socket("127.0.0.1", port);
        socket.setSoTimeout(20_000);
        return socket;
    }

    static void send(Socket socket, String text) throws IOException {
        socket.getOutputStream().write(text.getBytes(StandardCharsets.ISO_8859_1));
        socket.getOutputStream().flush();
    }

    /** Sends the whole request, then reads one reply; a write the server cut off short is not an error. */
    static Reply exchange(int port, String request) throws IOException {
        try (Socket socket = connect(port)) {
            try {
                send(socket, request);
            } catch (SocketException cutOff) {
                // The server answered and closed before it took every byte: its answer is still there to read.
            }
            return read(socket.getInputStream());
        }
    }

    /** Sends the bytes and reads everything until the server closes the connection (within 20 s between reads). */
    static String untilClosed(int port, String request) throws IOException {
        try (Socket socket = connect(port)) {
            send(socket, request);
            return new String(socket.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
        }
    }

    /** Reads one response (Content-Length or until the end of the stream). */
    static Reply read(InputStream in) throws IOException {
        String head = readHead(in);
        if (!head.endsWith("\r\n\r\n")) {
            return new Reply(-1, head, "");
        }
        int status = Integer.parseInt(head.substring(9, 12));
        OptionalInt length = contentLength(head);
        byte[] body = length.isPresent() ? readUpTo(in, length.getAsInt()) : readToEnd(in);
        return new Reply(status, head, new String(body, StandardCharsets.UTF_8));
    }

    /**
     * Reads a message head through the blank line that ends it, which it includes; when the stream
     * ends or is reset sooner, what came until then.
     */
    static String readHead(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int state = 0;
        try {
            for (int b; state < 4 && (b = in.read()) >= 0; ) {
                head.write(b);
                state = (b == '\r' && (state == 0 || state == 2)) || (b == '\n' && (state == 1 || state == 3)) ? state + 1 : 0;
            }
        } catch (SocketException reset) {
            // fall through with what came
        }
        return head.toString(StandardCharsets.ISO_8859_1);
    }

    /** The Content-Length a message head declares, if any. */
    static OptionalInt contentLength(String head) {
        for (String line : head.split("\r\n")) {
            if (line.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
                return OptionalInt.of(Integer.parseInt(line.substring(15).trim()));
            }
        }
        return OptionalInt.empty();
    }

    /** Up to {@code length} bytes: fewer when the stream ends or is reset first (the bytes before are the answer). */
    private static byte[] readUpTo(InputStream in, int length) throws IOException {
        byte[] body = new byte[length];
        int received = 0;
        try {
            for (int n; received < length && (n = in.read(body, received, length - received)) >= 0; ) {
                received += n;
            }
        } catch (SocketException reset) {
            // what came before the reset
        }
        return Arrays.copyOf(body, received);
    }

    private static byte[] readToEnd(InputStream in) throws IOException {
        try {
            return in.readAllBytes();
        } catch (SocketException reset) {
            return new byte[0];
        }
    }

    /** Whether the server closed the connection (end of stream or reset) rather than answering. */
    static boolean closedWithoutAnswer(InputStream in) throws IOException {
        try {
            return in.read() < 0;
        } catch (SocketException reset) {
            return true;
        }
    }
}
