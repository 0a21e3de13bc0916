package io.jetway.tls;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the server name (SNI) and the ALPN protocols from the first TLS record of a connection
 * without consuming it, so the TLS options and the engine can be chosen before the handshake starts.
 */
public final class ClientHelloServerName {

    public enum Status {
        /** The first record is not all there yet. */
        INCOMPLETE,
        /** Not a TLS handshake record: plain HTTP, most likely. */
        NOT_TLS,
        /** A ClientHello; its server name is "" when it sends none. */
        READ
    }

    /** @param alpn the protocols the client offers by ALPN, empty when it sends none */
    public record Result(Status status, String serverName, List<String> alpn) {
        static final Result INCOMPLETE = new Result(Status.INCOMPLETE, null, List.of());
        static final Result NOT_TLS = new Result(Status.NOT_TLS, null, List.of());
    }

    private ClientHelloServerName() {
    }

    public static Result read(ByteBuffer input) {
        ByteBuffer b = input.slice();
        if (b.remaining() < 5) {
            return b.remaining() > 0 && (b.get(0) & 0xff) != 0x16 ? Result.NOT_TLS : Result.INCOMPLETE;
        }
        if ((b.get(0) & 0xff) != 0x16 || (b.get(1) & 0xff) != 0x03) {
            return Result.NOT_TLS;
        }
        int recordLength = ((b.get(3) & 0xff) << 8) | (b.get(4) & 0xff);
        if (b.remaining() < 5 + recordLength) {
            return Result.INCOMPLETE;
        }
        try {
            return read(b, 5, 5 + recordLength);
        } catch (IndexOutOfBoundsException e) {
            // A ClientHello split over records: the handshake goes on with the default options.
            return new Result(Status.READ, "", List.of());
        }
    }

    private static Result read(ByteBuffer b, int start, int end) {
        String serverName = "";
        List<String> alpn = List.of();
        int p = start;
        if ((b.get(p) & 0xff) != 0x01) {
            return new Result(Status.READ, serverName, alpn);
        }
        p += 4; // type, length
        p += 2 + 32; // client version, random
        p += 1 + (b.get(p) & 0xff); // session id
        p += 2 + u16(b, p); // cipher suites
        p += 1 + (b.get(p) & 0xff); // compression methods
        if (p + 2 > end) {
            return new Result(Status.READ, serverName, alpn);
        }
        int extensionsEnd = Math.min(end, p + 2 + u16(b, p));
        p += 2;
        while (p + 4 <= extensionsEnd) {
            int type = u16(b, p);
            int length = u16(b, p + 2);
            p += 4;
            int extensionEnd = Math.min(p + length, extensionsEnd);
            if (type == 0) {
                serverName = hostName(b, p + 2, extensionEnd); // after the server name list length
            } else if (type == 16) {
                alpn = protocols(b, p + 2, extensionEnd); // after the protocol name list length
            }
            p += length;
        }
        return new Result(Status.READ, serverName, alpn);
    }

    private static String hostName(ByteBuffer b, int q, int listEnd) {
        while (q + 3 <= listEnd) {
            int nameType = b.get(q) & 0xff;
            int nameLength = u16(b, q + 1);
            q += 3;
            if (nameType == 0) {
                byte[] name = new byte[nameLength];
                b.get(q, name);
                return new String(name, StandardCharsets.US_ASCII);
            }
            q += nameLength;
        }
        return "";
    }

    private static List<String> protocols(ByteBuffer b, int q, int listEnd) {
        List<String> protocols = new ArrayList<>();
        while (q + 1 <= listEnd) {
            int length = b.get(q) & 0xff;
            if (q + 1 + length > listEnd) {
                break; // malformed: the handshake itself will say so
            }
            byte[] name = new byte[length];
            b.get(q + 1, name);
            protocols.add(new String(name, StandardCharsets.US_ASCII));
            q += 1 + length;
        }
        return protocols;
    }

    private static int u16(ByteBuffer b, int p) {
        return ((b.get(p) & 0xff) << 8) | (b.get(p + 1) & 0xff);
    }
}
