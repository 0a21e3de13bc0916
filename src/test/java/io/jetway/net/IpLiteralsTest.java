package io.jetway.net;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.net.InetAddress;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class IpLiteralsTest {

    /** The JDK parses these literals without a lookup and also folds IPv4-mapped addresses to IPv4. */
    @ParameterizedTest(name = "[{index}] {0}")
    @ValueSource(strings = {"0.0.0.0", "10.0.0.1", "255.255.255.255", "::", "::1", "1::", "fe80::1",
            "2001:db8::8a2e:370:7334", "2001:DB8:0:0:0:0:0:1", "1:2:3:4:5:6:7:8", "1:2:3:4:5:6:7::",
            "::1:2:3:4:5:6:7", "::ffff:10.0.0.1", "::10.0.0.1", "64:ff9b::192.0.2.33"})
    void parsesLikeTheJdk(String literal) throws Exception {
        assertArrayEquals(InetAddress.getByName(literal).getAddress(), IpLiterals.parse(literal));
    }

    @ParameterizedTest(name = "[{index}] {0} -> {1} bytes")
    @CsvSource(delimiter = ';', textBlock = """
            [::1]          ; 16
            fe80::1%eth0   ; 16
            [fe80::1%25en0] ; 16
            ::ffff:1.2.3.4 ; 4
            """)
    void acceptsBracketsZonesAndMappedAddresses(String literal, int length) {
        assertEquals(length, IpLiterals.parse(literal).length);
    }

    @ParameterizedTest(name = "[{index}] {0} is not an IP")
    @ValueSource(strings = {"", "1.2.3", "1.2.3.4.5", "256.1.1.1", "01.2.3.4", "1.2.3.4 ", "a.b.c.d",
            "example.com", ":1", "1:", ":::", "1::2::3", "12345::1", "1:2:3:4:5:6:7:8:9", "1:2:3:4:5:6:7",
            "::1.2.3", "1:2:3:4:5:6:7:1.2.3.4", "g::1"})
    void refusesNonLiterals(String text) {
        assertNull(IpLiterals.parse(text));
    }

    @org.junit.jupiter.api.Test
    void addressGivesTheLiteralsAddressAndNeverLooksANameUp() throws Exception {
        assertEquals(InetAddress.getByAddress(new byte[]{10, 0, 0, 1}), IpLiterals.address("10.0.0.1"));
        assertEquals(InetAddress.getByName("::1"), IpLiterals.address("[::1]"));
        assertNull(IpLiterals.address("localhost"), "a name is not a literal");
        assertNull(IpLiterals.address(""));
    }
}
