package io.jetway.net;

import static io.jetway.net.ProxyProtocolHeader.Transport.DGRAM;
import static io.jetway.net.ProxyProtocolHeader.Transport.STREAM;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Exact bytes as haproxy's proxy-protocol.txt describes them (sections 2.1 and 2.2). */
class ProxyProtocolHeaderTest {

    private static final String SIGNATURE = "0d0a0d0a000d0a515549540a";

    static InetSocketAddress at(String ip, int port) throws Exception {
        return new InetSocketAddress(InetAddress.getByName(ip), port);
    }

    private static String ascii(byte[] bytes) {
        return new String(bytes, StandardCharsets.US_ASCII);
    }

    private static String hex(byte[] bytes) {
        return HexFormat.of().formatHex(bytes);
    }

    @Test
    void v1Tcp4IsTheSpecsExampleLine() throws Exception {
        assertEquals("PROXY TCP4 192.168.0.1 192.168.0.11 56324 443\r\n",
                ascii(ProxyProtocolHeader.v1(at("192.168.0.1", 56324), at("192.168.0.11", 443))));
    }

    @Test
    void v1Tcp6UsesTheCompressedCanonicalForm() throws Exception {
        assertEquals("PROXY TCP6 2001:db8::1 ::1 1 65535\r\n",
                ascii(ProxyProtocolHeader.v1(at("2001:DB8:0:0:0:0:0:1", 1), at("::1", 65535))));
    }

    @Test
    void v1LongestLineFitsTheLimit() throws Exception {
        String all = "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff";
        byte[] line = ProxyProtocolHeader.v1(at(all, 65535), at(all, 65535));
        assertEquals("PROXY TCP6 " + all + " " + all + " 65535 65535\r\n", ascii(line));
        assertEquals(104, line.length, "the spec's TCP/IPv6 maximum");
        assertTrue(line.length <= 107);
    }

    @Test
    void v1DifferentFamiliesAreUnknown() throws Exception {
        assertEquals("PROXY UNKNOWN\r\n", ascii(ProxyProtocolHeader.v1(at("10.0.0.1", 1), at("::1", 2))));
        assertEquals("PROXY UNKNOWN\r\n",
                ascii(ProxyProtocolHeader.v1(InetSocketAddress.createUnresolved("client", 1), at("::1", 2))));
    }

    @Test
    void v1MappedAddressCountsAsIpv4() throws Exception {
        InetSocketAddress mapped = new InetSocketAddress(Inet6Address.getByAddress(null,
                HexFormat.of().parseHex("00000000000000000000ffff0a000001"), -1), 5000);
        assertEquals("PROXY TCP4 10.0.0.1 10.0.0.2 5000 80\r\n", ascii(ProxyProtocolHeader.v1(mapped, at("10.0.0.2", 80))));
    }

    @ParameterizedTest(name = "[{index}] {0} -> {1}")
    @CsvSource({
            "::, ::",
            "1::, 1::",
            "0:0:0:0:0:0:0:1, ::1",
            "2001:db8:0:1:0:0:0:1, 2001:db8:0:1::1",
            "2001:db8:0:0:1:0:0:1, 2001:db8::1:0:0:1",
            "2001:db8:0:1:1:1:1:1, 2001:db8:0:1:1:1:1:1",
            "fe80:0:0:0:0:0:0:1%1, fe80::1",
            "2001:0DB8:00AB:0000:0000:0000:0000:0000, 2001:db8:ab::"})
    void ipv6TextFollowsRfc5952(String literal, String canonical) throws Exception {
        assertEquals(canonical, ProxyProtocolHeader.text(InetAddress.getByName(literal).getAddress()));
    }

    @Test
    void v2Tcp4() throws Exception {
        byte[] header = ProxyProtocolHeader.v2(at("192.168.0.1", 56324), at("192.168.0.11", 443), STREAM);
        assertEquals(SIGNATURE + "21" + "11" + "000c" + "c0a80001" + "c0a8000b" + "dc04" + "01bb", hex(header));
        assertEquals(28, header.length);
    }

    @Test
    void v2Udp4() throws Exception {
        assertEquals(SIGNATURE + "21" + "12" + "000c" + "7f000001" + "0a000005" + "ffff" + "0035",
                hex(ProxyProtocolHeader.v2(at("127.0.0.1", 65535), at("10.0.0.5", 53), DGRAM)));
    }

    @Test
    void v2Tcp6AndUdp6() throws Exception {
        String addresses = "20010db8000000000000000000000001" + "00000000000000000000000000000001" + "0001" + "0002";
        assertEquals(SIGNATURE + "21" + "21" + "0024" + addresses,
                hex(ProxyProtocolHeader.v2(at("2001:db8::1", 1), at("::1", 2), STREAM)));
        byte[] udp6 = ProxyProtocolHeader.v2(at("2001:db8::1", 1), at("::1", 2), DGRAM);
        assertEquals(SIGNATURE + "21" + "22" + "0024" + addresses, hex(udp6));
        assertEquals(ProxyProtocolHeader.V2_MAX_LENGTH, udp6.length);
    }

    @Test
    void v2DifferentFamiliesSendTheIpv4OneMapped() throws Exception {
        assertEquals(SIGNATURE + "21" + "22" + "0024"
                        + "00000000000000000000ffff0a000001" + "00000000000000000000000000000001" + "1388" + "0035",
                hex(ProxyProtocolHeader.v2(at("10.0.0.1", 5000), at("::1", 53), DGRAM)));
    }

    @Test
    void v2MappedPairIsIpv4() throws Exception {
        InetSocketAddress mapped = new InetSocketAddress(Inet6Address.getByAddress(null,
                HexFormat.of().parseHex("00000000000000000000ffff0a000001"), -1), 5000);
        assertEquals(SIGNATURE + "21" + "12" + "000c" + "0a000001" + "0a000002" + "1388" + "0035",
                hex(ProxyProtocolHeader.v2(mapped, at("10.0.0.2", 53), DGRAM)));
    }

    @Test
    void v2UnresolvedIsLocalWithoutAddresses() throws Exception {
        assertEquals(SIGNATURE + "20" + "00" + "0000",
                hex(ProxyProtocolHeader.v2(InetSocketAddress.createUnresolved("client", 1), at("::1", 2), STREAM)));
    }
}
