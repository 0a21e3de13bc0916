package io.jetway.server.proxy;

import io.jetway.dynamic.ServersTransport;
import io.jetway.service.Backend;
import org.junit.jupiter.api.Test;

import java.net.InetSocketAddress;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DirectForwarderTest {

    @Test
    void reachesPlainHttpServersAtAnIpAddress() {
        assertTrue(DirectForwarder.reaches(Backend.of("http://10.42.0.6:8080", true, "s")));
        assertTrue(DirectForwarder.reaches(Backend.of("http://127.0.0.1", true, "s")));
        assertTrue(DirectForwarder.reaches(Backend.of("http://[::1]:9000", true, "s")));
    }

    @Test
    void leavesEverythingElseToTheServletProxy() {
        assertFalse(DirectForwarder.reaches(Backend.of("https://10.42.0.6:8443", true, "s")), "TLS");
        assertFalse(DirectForwarder.reaches(Backend.of("h2c://10.42.0.6:8080", true, "s")), "cleartext HTTP/2");
        assertFalse(DirectForwarder.reaches(Backend.of("http://whoami:8080", true, "s")), "a name to resolve");
        assertFalse(DirectForwarder.reaches(Backend.of("http://10.42.0.6:8080/prefix", true, "s")), "a path in the URL");
        assertFalse(DirectForwarder.reaches(Backend.of("http://10.42.0.6:99999", true, "s")), "no such port");
        Backend withTransport = Backend.of("http://10.42.0.6:8080", true, "s")
                .withTransport(TransportClientsTest.transport("custom"));
        assertFalse(DirectForwarder.reaches(withTransport), "a servers transport of its own");
    }

    @Test
    void addressesOfIpLiterals() {
        assertEquals(new InetSocketAddress("10.0.0.1", 80), DirectForwarder.address("10.0.0.1"));
        assertEquals(new InetSocketAddress("10.0.0.1", 8080), DirectForwarder.address("10.0.0.1:8080"));
        assertEquals(8080, DirectForwarder.address("[fd00::2]:8080").getPort());
        assertNull(DirectForwarder.address("example.com:80"), "never a DNS lookup");
        assertNull(DirectForwarder.address("10.0.0.1:http"));
        assertNull(DirectForwarder.address("10.0.0.1:0"));
    }
}
