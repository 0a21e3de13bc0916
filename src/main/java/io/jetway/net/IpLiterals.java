package io.jetway.net;

import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * Parses textual IPv4 and IPv6 addresses without ever touching DNS (unlike
 * {@link java.net.InetAddress#getByName}, which resolves anything that is not a literal).
 */
public final class IpLiterals {

    private IpLiterals() {
    }

    /** The address an IP literal names, without DNS; null when the text is not one. */
    public static InetAddress address(String text) {
        byte[] ip = parse(text);
        if (ip == null) {
            return null;
        }
        try {
            return InetAddress.getByAddress(ip);
        } catch (UnknownHostException impossible) {
            return null; // getByAddress refuses only a wrong length, which parse never gives
        }
    }

    /**
     * Returns 4 bytes for IPv4 (also for IPv4-mapped IPv6 such as {@code ::ffff:10.0.0.1}), 16 bytes
     * for IPv6, or null when the text is not an IP literal. Accepts brackets and a zone
     * ({@code [fe80::1%eth0]}), since that is how peers' addresses are often printed.
     */
    public static byte[] parse(String text) {
        if (text == null || text.isEmpty()) {
            return null;
        }
        int start = 0;
        int end = text.length();
        if (text.charAt(0) == '[') {
            if (text.charAt(end - 1) != ']') {
                return null;
            }
            start = 1;
            end--;
        }
        int zone = text.indexOf('%', start);
        if (zone >= 0 && zone < end) {
            end = zone;
        }
        if (text.indexOf(':', start) < 0 || text.indexOf(':', start) >= end) {
            return start == 0 ? parseV4(text, 0, end) : null;
        }
        byte[] v6 = parseV6(text, start, end);
        return v6 == null ? null : unmapV4(v6);
    }

    /** Strict dotted quad: four decimal parts 0-255, no leading zeros (they would read as octal elsewhere). */
    static byte[] parseV4(CharSequence text, int start, int end) {
        byte[] out = new byte[4];
        int part = 0;
        int i = start;
        while (part < 4) {
            int value = 0;
            int digits = 0;
            while (i < end && text.charAt(i) >= '0' && text.charAt(i) <= '9') {
                if (digits > 0 && value == 0) {
                    return null;
                }
                value = value * 10 + (text.charAt(i) - '0');
                digits++;
                i++;
                if (value > 255) {
                    return null;
                }
            }
            if (digits == 0) {
                return null;
            }
            out[part++] = (byte) value;
            if (part < 4) {
                if (i >= end || text.charAt(i) != '.') {
                    return null;
                }
                i++;
            }
        }
        return i == end ? out : null;
    }

    private static byte[] parseV6(String text, int start, int end) {
        byte[] out = new byte[16];
        int pos = 0;
        int gap = -1;
        int i = start;
        if (end - start >= 2 && text.charAt(i) == ':' && text.charAt(i + 1) == ':') {
            gap = 0;
            i += 2;
            if (i == end) {
                return out;
            }
        } else if (i < end && text.charAt(i) == ':') {
            return null;
        }
        while (i < end) {
            if (pos == 16) {
                return null;
            }
            int groupStart = i;
            int value = 0;
            while (i < end && i - groupStart < 5 && Character.digit(text.charAt(i), 16) >= 0) {
                value = (value << 4) | Character.digit(text.charAt(i), 16);
                i++;
            }
            int length = i - groupStart;
            if (i < end && text.charAt(i) == '.') {
                // Embedded IPv4 in the last 32 bits.
                if (pos > 12) {
                    return null;
                }
                byte[] v4 = parseV4(text, groupStart, end);
                if (v4 == null) {
                    return null;
                }
                System.arraycopy(v4, 0, out, pos, 4);
                pos += 4;
                i = end;
                break;
            }
            if (length == 0 || length > 4) {
                return null;
            }
            out[pos++] = (byte) (value >>> 8);
            out[pos++] = (byte) value;
            if (i == end) {
                break;
            }
            if (text.charAt(i) != ':') {
                return null;
            }
            i++;
            if (i < end && text.charAt(i) == ':') {
                if (gap >= 0) {
                    return null;
                }
                gap = pos;
                i++;
                if (i == end) {
                    break;
                }
            } else if (i == end) {
                return null;
            }
        }
        if (gap < 0) {
            return pos == 16 ? out : null;
        }
        if (pos == 16) {
            return null;
        }
        int tail = pos - gap;
        System.arraycopy(out, gap, out, 16 - tail, tail);
        java.util.Arrays.fill(out, gap, 16 - tail, (byte) 0);
        return out;
    }

    /** ::ffff:a.b.c.d is the same peer as a.b.c.d; Java reports it as IPv4 too. */
    static byte[] unmapV4(byte[] v6) {
        if (v6.length != 16) {
            return v6;
        }
        for (int i = 0; i < 10; i++) {
            if (v6[i] != 0) {
                return v6;
            }
        }
        if (v6[10] != (byte) 0xff || v6[11] != (byte) 0xff) {
            return v6;
        }
        return new byte[] {v6[12], v6[13], v6[14], v6[15]};
    }
}
