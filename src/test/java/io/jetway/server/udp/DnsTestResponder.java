package io.jetway.server.udp;

import java.io.ByteArrayOutputStream;

/** Answers any DNS query for an A record with 127.0.0.1, written byte by byte (RFC 1035 4.1). */
public final class DnsTestResponder {

    private DnsTestResponder() {
    }

    public static byte[] answer(byte[] query) {
        int end = 12;
        while (query[end] != 0) {
            end += (query[end] & 0xFF) + 1; // one label: its length, then its bytes
        }
        end += 1 + 4; // the root label, QTYPE and QCLASS
        boolean typeA = query[end - 4] == 0 && query[end - 3] == 1;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(query[0]); // the query's id
        out.write(query[1]);
        out.write(0x80 | (query[2] & 0x01)); // QR = response, RD copied
        out.write(0x80); // RA, RCODE 0
        out.writeBytes(new byte[] {0, 1, 0, (byte) (typeA ? 1 : 0), 0, 0, 0, 0}); // QD 1, AN 0 or 1, NS 0, AR 0
        out.write(query, 12, end - 12); // the question as asked
        if (typeA) {
            out.writeBytes(new byte[] {
                    (byte) 0xC0, 12, // the name: a pointer to the question's
                    0, 1, 0, 1, // type A, class IN
                    0, 0, 0, 60, // TTL
                    0, 4, 127, 0, 0, 1});
        }
        return out.toByteArray();
    }
}
