package io.jetway.net;

import java.util.Arrays;

/**
 * One CIDR block, IPv4 or IPv6. A plain address is a /32 or /128. Host bits given in the text
 * ({@code 10.1.2.3/8}) are masked off, as Go's {@code net.ParseCIDR} does.
 */
public final class IpRange {

    private final byte[] network;
    private final int prefixLength;

    private IpRange(byte[] network, int prefixLength) {
        this.network = network;
        this.prefixLength = prefixLength;
    }

    /**
     * Parses {@code 10.0.0.0/8}, {@code 192.168.1.7}, {@code 2001:db8::/32} or {@code ::1}.
     *
     * @throws IllegalArgumentException with a message such as {@code invalid CIDR "10.0.0.0/33"}
     */
    public static IpRange parse(String text) {
        String trimmed = text == null ? "" : text.trim();
        int slash = trimmed.indexOf('/');
        String addressPart = slash < 0 ? trimmed : trimmed.substring(0, slash);
        byte[] address = IpLiterals.parse(addressPart);
        if (address == null || addressPart.startsWith("[") || addressPart.indexOf('%') >= 0) {
            throw invalid(text);
        }
        boolean mappedV4 = addressPart.indexOf(':') >= 0 && address.length == 4;
        if (mappedV4) {
            // ::ffff:a.b.c.d/n counts its prefix in IPv6 bits; Go then treats it as IPv4 /(n-96).
            address = mapV4(address);
        }
        int maxBits = address.length * 8;
        int prefix = maxBits;
        if (slash >= 0) {
            String bits = trimmed.substring(slash + 1);
            if (bits.isEmpty() || bits.length() > 3 || !bits.chars().allMatch(c -> c >= '0' && c <= '9')) {
                throw invalid(text);
            }
            prefix = Integer.parseInt(bits);
            if (prefix > maxBits) {
                throw invalid(text);
            }
        }
        if (mappedV4 && prefix >= 96) {
            byte[] v4 = new byte[] {address[12], address[13], address[14], address[15]};
            return new IpRange(mask(v4, prefix - 96), prefix - 96);
        }
        return new IpRange(mask(address, prefix), prefix);
    }

    private static IllegalArgumentException invalid(String text) {
        return new IllegalArgumentException("invalid CIDR \"" + text + "\"");
    }

    private static byte[] mapV4(byte[] v4) {
        byte[] v6 = new byte[16];
        v6[10] = (byte) 0xff;
        v6[11] = (byte) 0xff;
        System.arraycopy(v4, 0, v6, 12, 4);
        return v6;
    }

    private static byte[] mask(byte[] address, int prefix) {
        byte[] out = address.clone();
        for (int i = 0; i < out.length; i++) {
            int bitsInByte = Math.max(0, Math.min(8, prefix - i * 8));
            out[i] &= (byte) (0xff << (8 - bitsInByte));
        }
        return out;
    }

    /** True for IPv6 ranges. */
    public boolean isIpv6() {
        return network.length == 16;
    }

    public int prefixLength() {
        return prefixLength;
    }

    /** Whether an address literal is in this range; anything that is not an IP literal is not. */
    public boolean contains(String ipLiteral) {
        byte[] address = IpLiterals.parse(ipLiteral);
        return address != null && contains(address);
    }

    /** Whether the address (4 or 16 bytes, IPv4-mapped IPv6 already unmapped) is in this range. */
    boolean contains(byte[] address) {
        // IPv4 peers only match IPv4 ranges, as in Go's net.IPNet.Contains.
        if (address.length != network.length) {
            return false;
        }
        int fullBytes = prefixLength / 8;
        for (int i = 0; i < fullBytes; i++) {
            if (address[i] != network[i]) {
                return false;
            }
        }
        int rest = prefixLength % 8;
        if (rest == 0) {
            return true;
        }
        int mask = 0xff << (8 - rest);
        return (address[fullBytes] & mask) == (network[fullBytes] & mask);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof IpRange range
                && range.prefixLength == prefixLength
                && Arrays.equals(range.network, network);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(network) + prefixLength;
    }

    @Override
    public String toString() {
        StringBuilder text = new StringBuilder();
        if (network.length == 4) {
            for (int i = 0; i < 4; i++) {
                text.append(i == 0 ? "" : ".").append(network[i] & 0xff);
            }
        } else {
            for (int i = 0; i < 16; i += 2) {
                text.append(i == 0 ? "" : ":").append(Integer.toHexString(((network[i] & 0xff) << 8) | (network[i + 1] & 0xff)));
            }
        }
        return text.append('/').append(prefixLength).toString();
    }
}
