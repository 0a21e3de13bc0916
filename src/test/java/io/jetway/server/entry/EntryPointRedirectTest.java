package io.jetway.server.entry;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.junit.jupiter.api.Assertions.assertEquals;

class EntryPointRedirectTest {

    @ParameterizedTest
    @CsvSource({
            "true, GET, 301", "true, HEAD, 301", "true, POST, 308", "true, DELETE, 308",
            "false, GET, 302", "false, HEAD, 302", "false, POST, 307", "false, PUT, 307"})
    void statusKeepsTheMethodUnlessGetOrHead(boolean permanent, String method, int status) {
        assertEquals(status, new EntryPointRedirect("https", 8443, permanent, 1).status(method));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', nullValues = "-", value = {
            "https | 443  | app.example.com:80   | /a/b | x=1&y | https://app.example.com/a/b?x=1&y",
            "https | 8443 | app.example.com:8000 | /    | -     | https://app.example.com:8443/",
            "https | 8443 | app.example.com      | /p   | -     | https://app.example.com:8443/p",
            "http  | 80   | [::1]:8443           | /p   | -     | http://[::1]/p",
            "http  | 8080 | [::1]                | /p   | q     | http://[::1]:8080/p?q"})
    void locationKeepsHostPathAndQueryWithTheTargetPort(String scheme, int port, String host, String path, String query,
                                                        String expected) {
        assertEquals(expected, new EntryPointRedirect(scheme, port, true, 1).location(host, path, query));
    }
}
