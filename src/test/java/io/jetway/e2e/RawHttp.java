package io.jetway.e2e;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
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
}
