package io.jetway.net;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * Builds the PROXY protocol header a proxy sends ahead of a client's bytes (haproxy's
 * proxy-protocol.txt): the text line of version 1 and the binary block of version 2. Traefik
 * writes one to TCP backends right after dialing (source = client, destination = Traefik's local
 * address); Jetway also puts a version 2 DGRAM header in front of each UDP datagram.
 *
 * <p>An IPv4-mapped IPv6 address ({@code ::ffff:a.b.c.d}) counts as IPv4. When the two addresses
 * are of different families, version 1 says {@code UNKNOWN} (the line has one family) and version
 * 2 sends both as IPv6, the IPv4 one mapped, as haproxy does. An unresolved address makes an
 * {@code UNKNOWN} line, or a version 2 LOCAL block without addresses as Traefik's library
 * (go-proxyproto) sends when it cannot tell the family: receivers must accept LOCAL and use the
 * real connection's addresses, while PROXY with an unspecified family may be refused (Jetty does).
 */
public final class ProxyProtocolHeader {

    /** Version 2's transport half of the 14th byte. */
    public enum Transport {
        STREAM(0x1), DGRAM(0x2);

        private final int bits;

        Transport(int bits) {
            this.bits = bits;
        }
    }

    /** The 12-byte version 2 signature: \r\n\r\n\0\r\nQUIT\n. */
    private static final byte[] V2_SIGNATURE = {0x0D, 0x0A, 0x0D, 0x0A, 0x00, 0x0D, 0x0A, 0x51, 0x55, 0x49, 0x54, 0x0A};
    /** Version 2 in the high nibble, command PROXY (the connection was relayed) in the low one. */
    private static final int V2_PROXY_COMMAND = 0x21;
    /** Version 2, command LOCAL: the receiver uses the connection's own addresses. */
    private static final int V2_LOCAL_COMMAND = 0x20;
    private static final int AF_INET = 0x1;
    private static final int AF_INET6 = 0x2;

    /** The longest version 2 header this class builds: 16 bytes, then two IPv6 addresses and two ports. */
    public static final int V2_MAX_LENGTH = 16 + 36;

    private ProxyProtocolHeader() {
    }

    /** The version 1 line, CRLF included: {@code PROXY TCP4 192.168.0.1 192.168.0.11 56324 443\r\n}. */
    public static byte[] v1(InetSocketAddress source, InetSocketAddress destination) {
        byte[] src = bytes(source);
        byte[] dst = bytes(destination);
        String line;
        if (src == null || dst == null || src.length != dst.length) {
            line = "PROXY UNKNOWN\r\n";
        } else {
            line = "PROXY " + (src.length == 4 ? "TCP4 " : "TCP6 ") + text(src) + ' ' + text(dst) + ' '
                    + source.getPort() + ' ' + destination.getPort() + "\r\n";
        }
        return line.getBytes(StandardCharsets.US_ASCII);
    }

    /** The version 2 block with the PROXY command and no TLVs: 28 bytes for IPv4, 52 for IPv6 (16 for LOCAL). */
    public static byte[] v2(InetSocketAddress source, InetSocketAddress destination, Transport transport) {
        byte[] src = bytes(source);
        byte[] dst = bytes(destination);
        if (src == null || dst == null) {
            return ByteBuffer.allocate(16).put(V2_SIGNATURE).put((byte) V2_LOCAL_COMMAND).put((byte) 0)
                    .putShort((short) 0).array();
        }
        int family = AF_INET;
        if (src.length != 4 || dst.length != 4) {
            family = AF_INET6;
            src = mapped(src);
            dst = mapped(dst);
        }
        int addressLength = 2 * src.length + 4;
        return ByteBuffer.allocate(16 + addressLength) // big-endian, as the spec wants
                .put(V2_SIGNATURE)
                .put((byte) V2_PROXY_COMMAND)
                .put((byte) (family << 4 | transport.bits))
                .putShort((short) addressLength)
                .put(src)
                .put(dst)
                .putShort((short) source.getPort())
                .putShort((short) destination.getPort())
                .array();
    }

    /** 4 bytes for IPv4 (mapped IPv6 included), 16 for IPv6, null when not resolved. */
    private static byte[] bytes(InetSocketAddress address) {
        InetAddress ip = address.getAddress();
        if (ip == null) {
            return null;
        }
        byte[] raw = ip.getAddress();
        if (raw.length == 16 && isMappedV4(raw)) {
            byte[] v4 = new byte[4];
            System.arraycopy(raw, 12, v4, 0, 4);
            return v4;
        }
        return raw;
    }

    private static boolean isMappedV4(byte[] v6) {
        for (int i = 0; i < 10; i++) {
            if (v6[i] != 0) {
                return false;
            }
        }
        return v6[10] == (byte) 0xFF && v6[11] == (byte) 0xFF;
    }

    private static byte[] mapped(byte[] ip) {
        if (ip.length == 16) {
            return ip;
        }
        byte[] v6 = new byte[16];
        v6[10] = (byte) 0xFF;
        v6[11] = (byte) 0xFF;
        System.arraycopy(ip, 0, v6, 12, 4);
        return v6;
    }

    /**
     * Dotted quad, or IPv6 in RFC 5952's canonical form ({@code 2001:db8::1}: lower case, no
     * leading zeros, the longest run of two or more zero groups as "::"), never a zone: the JDK's
     * {@code 0:0:0:0:0:0:0:1%lo} is neither the spec's form nor what inet_ntop gives.
     */
    static String text(byte[] ip) {
        if (ip.length == 4) {
            return (ip[0] & 0xFF) + "." + (ip[1] & 0xFF) + "." + (ip[2] & 0xFF) + "." + (ip[3] & 0xFF);
        }
        int[] groups = new int[8];
        for (int i = 0; i < 8; i++) {
            groups[i] = (ip[2 * i] & 0xFF) << 8 | (ip[2 * i + 1] & 0xFF);
        }
        int bestStart = -1;
        int bestLength = 1; // a single zero group is written as 0, not ::
        for (int i = 0; i < 8; ) {
            int j = i;
            while (j < 8 && groups[j] == 0) {
                j++;
            }
            if (j - i > bestLength) {
                bestStart = i;
                bestLength = j - i;
            }
            i = j == i ? i + 1 : j;
        }
        StringBuilder out = new StringBuilder(39);
        for (int i = 0; i < 8; i++) {
            if (i == bestStart) {
                out.append("::");
                i += bestLength - 1;
                continue;
            }
            if (out.length() > 0 && out.charAt(out.length() - 1) != ':') {
                out.append(':');
            }
            out.append(Integer.toHexString(groups[i]));
        }
        return out.toString();
    }
}
