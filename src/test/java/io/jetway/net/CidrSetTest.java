package io.jetway.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class CidrSetTest {

    @ParameterizedTest(name = "{0} contains {1}: {2}")
    @CsvSource({
        "10.0.0.0/8,        10.255.255.255, true",
        "10.0.0.0/8,        11.0.0.0,       false",
        "10.0.0.0/8,        9.255.255.255,  false",
        "192.168.1.7,       192.168.1.7,    true",
        "192.168.1.7,       192.168.1.8,    false",
        "192.168.1.7/32,    192.168.1.7,    true",
        "172.16.0.0/12,     172.31.255.1,   true",
        "172.16.0.0/12,     172.32.0.1,     false",
        "10.1.2.3/8,        10.9.9.9,       true",
        "0.0.0.0/0,         203.0.113.9,    true",
        "0.0.0.0/0,         ::1,            false",
        "192.168.1.128/25,  192.168.1.127,  false",
        "192.168.1.128/25,  192.168.1.128,  true",
        "192.168.1.0/31,    192.168.1.1,    true",
        "192.168.1.0/31,    192.168.1.2,    false",
        "::1,               ::1,            true",
        "::1,               [::1],          true",
        "::1/128,           ::2,            false",
        "2001:db8::/32,     2001:db8:ffff::1, true",
        "2001:db8::/32,     2001:db9::1,    false",
        "2001:db8::/33,     2001:db8:7fff::1, true",
        "2001:db8::/33,     2001:db8:8000::1, false",
        "fe80::/10,         fe80::1%eth0,   true",
        "fe80::/10,         febf::1,        true",
        "fe80::/10,         fec0::1,        false",
        "::/0,              2001:db8::1,    true",
        "::/0,              10.0.0.1,       false",
        "10.0.0.0/8,        ::ffff:10.1.2.3, true",
        "::ffff:10.0.0.0/104, 10.1.2.3,     true",
        "::ffff:10.0.0.0/104, 11.1.2.3,     false",
        "1:2:3:4:5:6:7:8,   1:2:3:4:5:6:7:8, true",
        "1:2:3:4:5:6:7:0,   1:2:3:4:5:6:7::, true",
        "1::8,              1:0:0:0:0:0:0:8, true",
        "::2:3:4:5:6:7:8,   0:2:3:4:5:6:7:8, true",
        "64:ff9b::/96,      64:ff9b::192.0.2.33, true",
        "10.0.0.0/8,        example.com,    false",
        "10.0.0.0/8,        10.0.0,         false",
        "10.0.0.0/8,        010.0.0.1,      false",
        "10.0.0.0/8,        10.0.0.1.5,     false",
        "10.0.0.0/8,        '',             false",
    })
    void contains(String cidr, String address, boolean expected) {
        assertEquals(expected, CidrSet.parse(List.of(cidr)).contains(address));
    }

    @Test
    void containsInetAddress() throws Exception {
        CidrSet set = CidrSet.parse(List.of("127.0.0.1/32", "10.0.0.0/8", "::1"));

        assertTrue(set.contains(InetAddress.getByAddress(new byte[] {10, 1, 2, 3})));
        assertTrue(set.contains(InetAddress.getByAddress(new byte[] {127, 0, 0, 1})));
        assertFalse(set.contains(InetAddress.getByAddress(new byte[] {127, 0, 0, 2})));
        assertTrue(set.contains(InetAddress.getByAddress(new byte[] {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1})));
        assertFalse(set.contains((InetAddress) null));
    }

    @Test
    void severalRangesAndBlankEntries() {
        CidrSet set = CidrSet.parse(List.of("10.0.0.0/8", " ", "2001:db8::/32 "));

        assertEquals(2, set.ranges().size());
        assertTrue(set.contains("10.2.3.4"));
        assertTrue(set.contains("2001:db8::5"));
        assertFalse(set.contains("192.168.0.1"));
    }

    @Test
    void emptySetContainsNothing() {
        assertTrue(CidrSet.parse(List.of()).isEmpty());
        assertFalse(CidrSet.empty().contains("127.0.0.1"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"10.0.0.0/33", "::/129", "10.0.0.0/", "10.0.0.0/-1", "10.0.0.0/8/8", "256.0.0.0",
        "10.0.0", "example.com", "1:2:3:4:5:6:7:8:9", "1::2::3", ":1:2", "1:2:", "12345::", "[::1]", "fe80::1%eth0",
        "10.0.0.0/ 8", "01.2.3.4"})
    void invalidEntriesAreRejectedWithTheirText(String cidr) {
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class, () -> CidrSet.parse(List.of(cidr)));

        assertEquals("invalid CIDR \"" + cidr + "\"", error.getMessage());
    }

    @Test
    void hostBitsAreMaskedLikeGo() {
        assertEquals("10.0.0.0/8", IpRange.parse("10.1.2.3/8").toString());
        assertEquals("2001:db8:0:0:0:0:0:0/32", IpRange.parse("2001:db8:1::/32").toString());
        assertEquals(IpRange.parse("10.0.0.0/8"), IpRange.parse("10.9.9.9/8"));
        assertEquals(IpRange.parse("10.0.0.0/8"), IpRange.parse("::ffff:10.0.0.0/104"));
        assertThrows(IllegalArgumentException.class, () -> IpRange.parse(""));
    }
}
