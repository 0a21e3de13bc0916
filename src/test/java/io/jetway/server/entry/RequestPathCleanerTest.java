package io.jetway.server.entry;

import io.jetway.config.RequestPathConfig.EncodedCharacters;
import io.jetway.config.RequestPathConfig;
import io.jetway.routing.rule.RoutingPath;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The entry point's path cleaning against the results of Traefik v3.7 (Go's URL.JoinPath and its normalizePath). */
class RequestPathCleanerTest {

    private static final RequestPathCleaner SANITIZING = RequestPathCleaner.DEFAULTS;
    private static final RequestPathCleaner NOT_SANITIZING = new RequestPathCleaner(
            new RequestPathConfig(false, EncodedCharacters.ALL_ALLOWED));

    /** Go's path.Clean table made rooted, with JoinPath keeping a trailing slash. */
    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', nullValues = "NONE", value = {
            "/                                       | /",
            "/abc                                    | /abc",
            "/abc/def                                | /abc/def",
            "/abc/                                   | /abc/",
            "//abc                                   | /abc",
            "///abc                                  | /abc",
            "//abc//                                 | /abc/",
            "/abc//def//ghi                          | /abc/def/ghi",
            "/./abc/def                              | /abc/def",
            "/abc/.                                  | /abc",
            "/abc/./                                 | /abc/",
            "/abc/./def                              | /abc/def",
            "/abc/def/ghi/../jkl                     | /abc/def/jkl",
            "/abc/def/../ghi/../jkl                  | /abc/jkl",
            "/abc/def/..                             | /abc",
            "/abc/def/../                            | /abc/",
            "/abc/def/../..                          | /",
            "/abc/def/../../..                       | /",
            "/abc/def/../../../ghi/jkl/../../../mno  | /mno",
            "/abc/./../def                           | /def",
            "/abc//./../def                          | /def",
            "/abc/../../././../def                   | /def",
            "/..                                     | /",
            "/../                                    | /",
            "/../etc/passwd                          | /etc/passwd",
            "/public/../admin/users                  | /admin/users",
            "/api/../etc/passwd                      | /etc/passwd",
            "/a;x/../b                               | /b",
            "/.../a                                  | /.../a",
            "/..a/b.                                 | /..a/b.",
            "/a/.b/..c/                              | /a/.b/..c/",
            "/a%2F..%2Fb                             | /a%2F..%2Fb",
            "/a/%2E%2E/b                             | /a/%2E%2E/b",
            "*                                       | *",
            "a/../../b                               | b",
    })
    void removesDotSegmentsAndDuplicateSlashesLikeGo(String path, String expected) {
        assertEquals(expected, RoutingPath.removeDotSegments(path));
    }

    @Test
    void leavesAnEmptyPathEmpty() {
        assertEquals("", RoutingPath.removeDotSegments(""));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
            "/%41%62%63                   | /Abc",
            "/%7e%2d%5F%2e                | /~-_.",
            "/a%2fb                       | /a%2Fb",
            "/a%5cb%3bc%3fd%23e%25f%00    | /a%5Cb%3Bc%3Fd%23e%25f%00",
            "/%e2%82%ac                   | /%E2%82%AC",
            "/public/%2e%2e/admin/users   | /admin/users",
            "/public/%2E%2E/admin/users   | /admin/users",
            "/public/.%2e/admin           | /admin",
            "/public/%2e/admin            | /public/admin",
            "/a%2F%2e%2e%2Fb              | /a%2F..%2Fb",
            "/api/%252e%252e/x            | /api/%252e%252e/x",
            "/a//b?                       | /a/b?",
    })
    void normalisesThenSanitises(String raw, String expected) {
        assertEquals(expected, SANITIZING.clean(raw));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
            "/public/../admin             | /public/../admin",
            "/public/%2e%2e/admin         | /public/../admin",
            "/a//b/./c                    | /a//b/./c",
            "/%41                         | /A",
    })
    void withoutSanitizePathOnlyNormalises(String raw, String expected) {
        assertEquals(expected, NOT_SANITIZING.clean(raw));
    }

    @ParameterizedTest
    @ValueSource(strings = {"/a%", "/a%2", "/a%zz", "/a%g0/b", "/%%41"})
    void rejectsMalformedEscapes(String raw) {
        assertThrows(IllegalArgumentException.class, () -> SANITIZING.clean(raw));
    }

    @Test
    void deniesNothingByDefault() {
        assertNull(SANITIZING.deniedEscape("/a%2Fb%5C%00%3B%25%3F%23"));
    }

    @ParameterizedTest(name = "{0} denied")
    @CsvSource({
            "%2F, false, true, true, true, true, true, true",
            "%5C, true, false, true, true, true, true, true",
            "%00, true, true, false, true, true, true, true",
            "%3B, true, true, true, false, true, true, true",
            "%25, true, true, true, true, false, true, true",
            "%3F, true, true, true, true, true, false, true",
            "%23, true, true, true, true, true, true, false",
    })
    void eachOptionDeniesItsEscapeOnly(String escape, boolean slash, boolean backSlash, boolean nul, boolean semicolon,
                                       boolean percent, boolean question, boolean hash) {
        RequestPathCleaner cleaner = new RequestPathCleaner(new RequestPathConfig(true,
                new EncodedCharacters(slash, backSlash, nul, semicolon, percent, question, hash)));
        assertEquals(escape, cleaner.deniedEscape("/a/b" + escape + "c"));
        assertEquals(escape.toLowerCase(), cleaner.deniedEscape("/x" + escape.toLowerCase()), "any case");
        for (String other : new String[]{"%2F", "%5C", "%00", "%3B", "%25", "%3F", "%23", "%41", "%E2"}) {
            if (!other.equals(escape)) {
                assertNull(cleaner.deniedEscape("/a" + other + "b"), other);
            }
        }
    }

    @Test
    void readsEachEscapeOnce() {
        RequestPathCleaner noSlash = new RequestPathCleaner(new RequestPathConfig(true,
                new EncodedCharacters(false, true, true, true, true, true, true)));
        assertNull(noSlash.deniedEscape("/a%252Fb"), "%25 then the text 2F");
        assertEquals("%2F", noSlash.deniedEscape("/a%25%2Fb"));
    }
}
