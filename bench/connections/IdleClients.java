import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Opens N keep-alive connections to a proxy, sends one request on each and reads its answer,
 * then keeps them all open and idle until killed. Prints "ready N" once all are idle.
 * Usage: java IdleClients.java HOST PORT HOSTHEADER N
 */
public final class IdleClients {
    public static void main(String[] args) throws Exception {
        String host = args[0];
        int port = Integer.parseInt(args[1]);
        String hostHeader = args[2];
        int count = Integer.parseInt(args[3]);
        byte[] request = ("GET / HTTP/1.1\r\nHost: " + hostHeader + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
        List<Socket> open = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            Socket socket = new Socket();
            socket.connect(new InetSocketAddress(host, port), 5_000);
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(request);
            out.flush();
            readResponse(socket.getInputStream());
            open.add(socket);
        }
        System.out.println("ready " + open.size());
        System.out.flush();
        Thread.sleep(Long.MAX_VALUE);
    }

    /** Reads one response with a Content-Length body (what whoami sends). */
    private static void readResponse(InputStream in) throws Exception {
        StringBuilder head = new StringBuilder();
        while (!head.toString().endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                throw new IllegalStateException("closed before the answer's head: " + head);
            }
            head.append((char) b);
        }
        String lower = head.toString().toLowerCase();
        if (!lower.startsWith("http/1.1 200")) {
            throw new IllegalStateException("not a 200: " + head);
        }
        int at = lower.indexOf("content-length:");
        int length = Integer.parseInt(lower.substring(at + 15, lower.indexOf('\r', at)).trim());
        in.readNBytes(length);
    }
}
