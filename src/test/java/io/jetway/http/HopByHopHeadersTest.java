package io.jetway.http;

import org.eclipse.jetty.ee10.proxy.AbstractProxyServlet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.lang.reflect.Field;
import java.util.Arrays;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;

class HopByHopHeadersTest {

    @ParameterizedTest
    @CsvSource({
            "connection, true", "keep-alive, true", "proxy-authenticate, true", "proxy-authorization, true",
            "proxy-connection, true", "te, true", "trailer, true", "transfer-encoding, true", "upgrade, true",
            "host, false", "trailers, false", "content-length, false", "expect, false",
            "sec-websocket-key, false", "x-forwarded-for, false", "authorization, false",
            "Connection, false"})
    void isOnTheList(String name, boolean hopByHop) {
        assertEquals(hopByHop, HopByHopHeaders.is(name));
    }

    /** Values are separated by '|', one Connection header each; names by ' '. */
    @ParameterizedTest
    @CsvSource(value = {
            "'', ''",
            "close, close",
            "Keep-Alive, keep-alive",
            "'X-Secret, Upgrade', x-secret upgrade",
            "' x-a ,X-B,,| x-c', x-a x-b x-c",
            "'x-a|X-A', x-a",
            "',  ,', ''"})
    void namesTheConnectionHeaderAdds(String values, String names) {
        List<String> headers = values.isEmpty() ? List.of() : List.of(values.split("\\|", -1));
        assertEquals(words(names), HopByHopHeaders.connectionNamed(Collections.enumeration(headers)));
    }

    @Test
    void noConnectionHeaderNamesNothing() {
        assertEquals(Set.of(), HopByHopHeaders.connectionNamed((Enumeration<String>) null));
    }

    /** Added and passed-on names, then the names not passed on: the callers' own lists. */
    @ParameterizedTest
    @CsvSource({
            "'', '', connection keep-alive proxy-authenticate proxy-authorization proxy-connection te trailer transfer-encoding upgrade",
            "host, '', connection keep-alive proxy-authenticate proxy-authorization proxy-connection te trailer transfer-encoding upgrade host",
            "trailers, proxy-connection, connection keep-alive proxy-authenticate proxy-authorization te trailer trailers transfer-encoding upgrade",
            "'', connection keep-alive proxy-authenticate proxy-authorization proxy-connection te trailer transfer-encoding upgrade, ''"})
    void adjustedForOneCaller(String added, String passedOn, String notPassedOn) {
        assertEquals(words(notPassedOn), HopByHopHeaders.adjusted(words(added), words(passedOn)));
    }

    /** Jetty's proxy drops its own list where Jetway lets it copy headers: the two must agree. */
    @Test
    @SuppressWarnings("unchecked")
    void sameListAsJettysProxy() throws ReflectiveOperationException {
        Field jettys = AbstractProxyServlet.class.getDeclaredField("HOP_HEADERS");
        jettys.setAccessible(true);
        assertEquals(jettys.get(null), HopByHopHeaders.NAMES);
    }

    private static Set<String> words(String spaced) {
        return Arrays.stream(spaced.split(" ")).filter(w -> !w.isEmpty()).collect(Collectors.toSet());
    }
}
