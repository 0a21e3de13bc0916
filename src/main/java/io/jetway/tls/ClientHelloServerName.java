package io.jetway.tls;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * Reads the server name (SNI) from the first TLS record of a connection without consuming it, so
 * the TLS options can be chosen before the handshake starts.
 */
final class ClientHelloServerName {

    enum Status {
        /** The first record is not all there yet. */
        INCOMPLETE,
        /** Not a TLS handshake record: plain HTTP, most likely. */
        NOT_TLS,
        /** A ClientHello; its server name is "" when it sends none. */
        READ
    }

    record Result(Status status, String serverName) {
        static final Result INCOMPLETE = new Result(Status.INCOMPLETE, null);
        static final Result NOT_TLS = new Result(Status.NOT_TLS, null);
    }

    private ClientHelloServerName() {
    }

    static Result read(ByteBuffer input) {
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
        String name;
        try {
            name = serverName(b, 5, 5 + recordLength);
        } catch (IndexOutOfBoundsException e) {
            name = ""; // a ClientHello split over records: the handshake goes on with the default options
        }
        return new Result(Status.READ, name);
    }

    private static String serverName(ByteBuffer b, int start, int end) {
        int p = start;
        if ((b.get(p) & 0xff) != 0x01) {
            return "";
        }
        p += 4; // type, length
        p += 2 + 32; // client version, random
        p += 1 + (b.get(p) & 0xff); // session id
        p += 2 + u16(b, p); // cipher suites
        p += 1 + (b.get(p) & 0xff); // compression methods
        if (p + 2 > end) {
            return "";
        }
        int extensionsEnd = Math.min(end, p + 2 + u16(b, p));
        p += 2;
        while (p + 4 <= extensionsEnd) {
            int type = u16(b, p);
            int length = u16(b, p + 2);
            p += 4;
            if (type == 0) {
                int q = p + 2; // server name list length
                int listEnd = Math.min(p + length, extensionsEnd);
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
            p += length;
        }
        return "";
    }

    private static int u16(ByteBuffer b, int p) {
        return ((b.get(p) & 0xff) << 8) | (b.get(p + 1) & 0xff);
    }
}
