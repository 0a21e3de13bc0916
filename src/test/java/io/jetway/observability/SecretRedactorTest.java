package io.jetway.observability;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.junit.jupiter.api.Assertions.assertEquals;

class SecretRedactorTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '!', quoteCharacter = '`', value = {
            // Jetty's one-line records: \n printed as |, \r as <
            "proxying:|GET / HTTP/1.1|Authorization: Bearer abc.def|Host: x<|Cookie: a=1; b=2<|Accept: */*"
                    + " ! proxying:|GET / HTTP/1.1|Authorization: REDACTED|Host: x<|Cookie: REDACTED<|Accept: */*",
            "Proxy-Authorization: Basic dXNlcjpwdw== ! Proxy-Authorization: REDACTED",
            "set-cookie: sid=1; Path=/; HttpOnly ! set-cookie: REDACTED",
            "X-Api-Key: k1|X-Auth-Token: t1|X-Request-Id: 7 ! X-Api-Key: REDACTED|X-Auth-Token: REDACTED|X-Request-Id: 7",
            "`{\"Authorization\": \"Bearer x\"}` ! `{\"Authorization\": REDACTED`",
            "headers={Authorization=[Bearer x], Accept=[*/*]} ! headers={Authorization=REDACTED, Accept=[*/*]}",
            "GET /x?access_token=abc&page=2 ! GET /x?access_token=REDACTED&page=2",
            "url=http://user:pw@host:80/p msg=x ! url=http://REDACTED@host:80/p msg=x",
            "https://host/path@x ! https://host/path@x",
            "failed: invalid Bearer eyJhbGciOi.payload.sig ! failed: invalid Bearer REDACTED",
            "headerString=[Cookie], valueString=[a=1] ! headerString=[Cookie], valueString=[REDACTED]",
            "buffer={<<<GET / HTTP/1.1...-Key: v\\r\\n\\r\\n>>>} ! buffer={<<<REDACTED>>>}",
            "Cookie: a=1\\r\\nHost: x ! Cookie: REDACTED\\r\\nHost: x",
            "db password=hunter2 user=app ! db password=REDACTED user=app",
            "client_secret: abc|Host: x ! client_secret: REDACTED|Host: x",
            "set JSESSIONID=abc123; path=/ ! set JSESSIONID=REDACTED; path=/",
            "Credentials=[u:p] ok ! Credentials=REDACTED ok",
            "routing table swapped: 42 routers (generation 7) ! routing table swapped: 42 routers (generation 7)",
            "bad key -----BEGIN EC PRIVATE KEY-----|MHcCAQEEIB|-----END EC PRIVATE KEY-----| at 2 ! bad key -----BEGIN EC PRIVATE KEY-----REDACTED| at 2",
            "cut -----BEGIN PRIVATE KEY-----MIIEvQIBADANBg ! cut -----BEGIN PRIVATE KEY-----REDACTED",
            "event=reload routers=3 keytype=EC256 ! event=reload routers=3 keytype=EC256",
            "WWW-Authenticate: Basic realm=\"traefik\" ! WWW-Authenticate: Basic realm=\"traefik\"",
    })
    void redacts(String line, String expected) {
        assertEquals(expected, SecretRedactor.redact(line));
    }
}
