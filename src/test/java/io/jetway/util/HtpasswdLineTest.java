package io.jetway.util;

import io.jetway.util.HtpasswdLine.HashFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The users lines basicAuth and digestAuth read, checked without any crypto. */
class HtpasswdLineTest {

    /** The salt and hash part of a bcrypt hash after {@code $2y$NN}: only their shape is checked. */
    private static final String BCRYPT_TAIL = "$aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";

    @Test
    void readsEachHashFormat() {
        assertEquals(new HtpasswdLine("ann", "{SHA}W6ph5Mm5Pz8GgiULbPgzG37mj9g=", HashFormat.SHA),
                HtpasswdLine.parse(" ann:{SHA}W6ph5Mm5Pz8GgiULbPgzG37mj9g= "));
        assertEquals(HashFormat.MD5_CRYPT, HtpasswdLine.parse("bob:$apr1$salt1234$abcdefghijklmnopqrstuv").format());
        assertEquals(HashFormat.BCRYPT, HtpasswdLine.parse("cy:$2y$10" + BCRYPT_TAIL).format());
        assertEquals(10, HtpasswdLine.bcryptCost("$2y$10" + BCRYPT_TAIL));
    }

    @ParameterizedTest
    @ValueSource(strings = {"ann", "ann:", ":{SHA}W6ph5Mm5Pz8GgiULbPgzG37mj9g=", "ann:password", "ann:$2y$03" + BCRYPT_TAIL,
            "ann:$2y$32" + BCRYPT_TAIL, "ann:x:y"})
    void refusesWhatBasicAuthCannotCheck(String line) {
        assertThrows(IllegalArgumentException.class, () -> HtpasswdLine.parse(line));
    }

    @Test
    void namesTheBadLineSkippingBlankOnes() {
        List<String> lines = List.of("ann:{SHA}W6ph5Mm5Pz8GgiULbPgzG37mj9g=", "", "bob:plain");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> HtpasswdLine.parseAll(lines));
        assertEquals("line 3: unsupported password hash (expected $apr1$, $1$, {SHA} or bcrypt $2a$/$2b$/$2y$)", e.getMessage());
        assertEquals(1, HtpasswdLine.parseAll(List.of("", "ann:{SHA}W6ph5Mm5Pz8GgiULbPgzG37mj9g=", " ")).size());
    }

    @Test
    void readsDigestLinesWithAHexHa1() {
        String ha1 = "939e7578ed9e3c518a452acee763bce9";
        assertEquals(new HtdigestLine("ann", "traefik", ha1), HtdigestLine.parse("ann:traefik:" + ha1));
        assertThrows(IllegalArgumentException.class, () -> HtdigestLine.parse("ann:traefik:password"));
        assertThrows(IllegalArgumentException.class, () -> HtdigestLine.parse(":traefik:" + ha1));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> HtdigestLine.parseAll(List.of("ann:traefik:" + ha1, "bob:traefik")));
        assertEquals("line 2: expected name:realm:hash", e.getMessage());
    }
}
