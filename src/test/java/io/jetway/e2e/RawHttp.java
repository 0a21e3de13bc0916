package io.jetway.e2e;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/** HTTP/1.1 over a plain socket, for requests a client library would refuse or reshape. */
final class RawHttp {

    private RawHttp() {
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

    /** Reads one response (Content-Length or until the end of the stream). */
    static Reply read(InputStream in) throws IOException {
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
        if (state < 4) {
            return new Reply(-1, head.toString(StandardCharsets.ISO_8859_1), "");
        }
        String text = head.toString(StandardCharsets.ISO_8859_1);
        int status = Integer.parseInt(text.substring(9, 12));
        int length = -1;
        for (String line : text.split("\r\n")) {
            if (line.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
                length = Integer.parseInt(line.substring(15).trim());
            }
        }
        byte[] body = length >= 0 ? in.readNBytes(length) : readToEnd(in);
        return new Reply(status, text, new String(body, StandardCharsets.UTF_8));
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
