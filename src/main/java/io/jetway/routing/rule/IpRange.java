package io.jetway.routing.rule;

import java.util.Arrays;

/** An address block: a single IP is a block of one (/32 or /128). */
record IpRange(byte[] network, int prefixBits) {

    /** Parses "ip" or "ip/bits"; null when invalid. Host bits of a CIDR are masked off, as Go does. */
    static IpRange parse(String text) {
        int slash = text.indexOf('/');
        String ip = slash < 0 ? text : text.substring(0, slash);
        if (ip.indexOf('%') >= 0) {
            return null;
        }
        byte[] address = IpLiterals.parse(ip);
        if (address == null) {
            return null;
        }
        boolean mappedV4 = address.length == 4 && ip.indexOf(':') >= 0;
        int maxBits = mappedV4 ? 128 : address.length * 8;
        int bits = maxBits;
        if (slash >= 0) {
            String digits = text.substring(slash + 1);
            if (digits.isEmpty() || digits.length() > 3 || !digits.chars().allMatch(c -> c >= '0' && c <= '9')) {
                return null;
            }
            bits = Integer.parseInt(digits);
            if (bits > maxBits) {
                return null;
            }
        }
        if (mappedV4) {
            // ::ffff:a.b.c.d/n is the IPv4 block /(n-96); a shorter prefix also covers non-IPv4 space.
            if (bits < 96) {
                return null;
            }
            bits -= 96;
        }
        byte[] network = address.clone();
        for (int i = 0; i < network.length; i++) {
            network[i] &= mask(bits, i);
        }
        return new IpRange(network, bits);
    }

    boolean contains(byte[] address) {
        if (address == null || address.length != network.length) {
            return false;
        }
        for (int i = 0; i < network.length; i++) {
            if ((address[i] & mask(prefixBits, i)) != (network[i] & 0xff)) {
                return false;
            }
        }
        return true;
    }

    private static int mask(int bits, int byteIndex) {
        int covered = bits - byteIndex * 8;
        if (covered >= 8) {
            return 0xff;
        }
        if (covered <= 0) {
            return 0;
        }
        return (0xff << (8 - covered)) & 0xff;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof IpRange other && prefixBits == other.prefixBits && Arrays.equals(network, other.network);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(network) + prefixBits;
    }

    @Override
    public String toString() {
        return Arrays.toString(network) + "/" + prefixBits;
    }
}
