package io.jetway.routing.rule;

/**
 * Parses IP address literals into bytes without any name lookup ({@code InetAddress.getByName}
 * would resolve anything that is not a literal). IPv4-mapped IPv6 addresses come back as IPv4,
 * so `::ffff:10.0.0.1` and `10.0.0.1` compare equal, as Go's net.IP does.
 */
final class IpLiterals {

    private IpLiterals() {
    }

    /** 4 or 16 bytes, or null when s is not an IP literal. Brackets and an IPv6 zone are ignored. */
    static byte[] parse(String s) {
        if (s == null || s.isEmpty()) {
            return null;
        }
        int start = 0;
        int end = s.length();
        if (s.charAt(0) == '[' && s.charAt(end - 1) == ']') {
            start = 1;
            end--;
        }
        int zone = s.indexOf('%', start);
        if (zone >= 0 && zone < end) {
            end = zone;
        }
        if (s.indexOf(':', start) >= 0) {
            byte[] v6 = parseV6(s, start, end);
            return v6 == null ? null : unmapV4(v6);
        }
        return parseV4(s, start, end);
    }

    private static byte[] parseV4(String s, int start, int end) {
        byte[] out = new byte[4];
        int part = 0;
        int i = start;
        while (part < 4) {
            int value = 0;
            int digits = 0;
            while (i < end && s.charAt(i) >= '0' && s.charAt(i) <= '9') {
                // Leading zeros are refused (Go does too): "010" is octal in some parsers.
                if (digits == 1 && value == 0) {
                    return null;
                }
                value = value * 10 + (s.charAt(i) - '0');
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
                if (i >= end || s.charAt(i) != '.') {
                    return null;
                }
                i++;
            }
        }
        return i == end ? out : null;
    }

    private static byte[] parseV6(String s, int start, int end) {
        byte[] out = new byte[16];
        int filled = 0;
        int gapAt = -1;
        int i = start;
        if (s.startsWith("::", i)) {
            gapAt = 0;
            i += 2;
            if (i == end) {
                return out;
            }
        }
        while (i < end) {
            if (filled == 16) {
                return null;
            }
            int groupStart = i;
            int value = 0;
            while (i < end && i - groupStart < 5 && Character.digit(s.charAt(i), 16) >= 0 && s.charAt(i) < 0x80) {
                value = value * 16 + Character.digit(s.charAt(i), 16);
                i++;
            }
            if (i < end && s.charAt(i) == '.') {
                // Trailing dotted IPv4, as in ::ffff:10.0.0.1.
                if (filled > 12) {
                    return null;
                }
                byte[] v4 = parseV4(s, groupStart, end);
                if (v4 == null) {
                    return null;
                }
                System.arraycopy(v4, 0, out, filled, 4);
                filled += 4;
                i = end;
                break;
            }
            int digits = i - groupStart;
            if (digits == 0 || digits > 4) {
                return null;
            }
            out[filled++] = (byte) (value >> 8);
            out[filled++] = (byte) value;
            if (i == end) {
                break;
            }
            if (s.charAt(i) != ':') {
                return null;
            }
            i++;
            if (i < end && s.charAt(i) == ':') {
                if (gapAt >= 0) {
                    return null;
                }
                gapAt = filled;
                i++;
                if (i == end) {
                    break;
                }
            } else if (i == end) {
                return null;
            }
        }
        if (gapAt < 0) {
            return filled == 16 ? out : null;
        }
        if (filled == 16) {
            return null;
        }
        int tail = filled - gapAt;
        System.arraycopy(out, gapAt, out, 16 - tail, tail);
        for (int k = gapAt; k < 16 - tail; k++) {
            out[k] = 0;
        }
        return out;
    }

    private static byte[] unmapV4(byte[] v6) {
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
