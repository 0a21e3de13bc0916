package io.jetway.net;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;

/**
 * A set of IP ranges, e.g. the peers trusted to send X-Forwarded-* headers. Immutable and safe to
 * share between request threads. Lookups parse literals only and never resolve names.
 */
public final class CidrSet {

    private static final CidrSet EMPTY = new CidrSet(List.of());

    private final IpRange[] ranges;

    private CidrSet(List<IpRange> ranges) {
        this.ranges = ranges.toArray(IpRange[]::new);
    }

    /**
     * Parses CIDRs or plain IPs; blank entries are skipped.
     *
     * @throws IllegalArgumentException naming the first bad entry: {@code invalid CIDR "10.0.0.0/33"}
     */
    public static CidrSet parse(List<String> cidrs) {
        List<IpRange> ranges = new ArrayList<>(cidrs.size());
        for (String cidr : cidrs) {
            if (cidr != null && !cidr.isBlank()) {
                ranges.add(IpRange.parse(cidr));
            }
        }
        return ranges.isEmpty() ? EMPTY : new CidrSet(ranges);
    }

    public static CidrSet empty() {
        return EMPTY;
    }

    public boolean isEmpty() {
        return ranges.length == 0;
    }

    public List<IpRange> ranges() {
        return List.of(ranges);
    }

    /**
     * Whether an address literal (IPv4, IPv6, optionally bracketed or with a zone) is in the set.
     * Anything that is not an IP literal, host names included, is not contained.
     */
    public boolean contains(String ipLiteral) {
        if (ranges.length == 0) {
            return false;
        }
        byte[] address = IpLiterals.parse(ipLiteral);
        return address != null && contains(address);
    }

    public boolean contains(InetAddress address) {
        if (address == null || ranges.length == 0) {
            return false;
        }
        // Java turns ::ffff:a.b.c.d into Inet4Address already; this catches hand-built Inet6Address.
        return contains(IpLiterals.unmapV4(address.getAddress()));
    }

    private boolean contains(byte[] address) {
        for (IpRange range : ranges) {
            if (range.contains(address)) {
                return true;
            }
        }
        return false;
    }

    @Override
    public String toString() {
        return List.of(ranges).toString();
    }
}
