package io.jetway.middleware.compress;

import io.jetway.kube.Node;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CompressOptionsTest {

    private static CompressOptions parse(Map<String, Object> spec) {
        return CompressOptions.from(Node.at("spec.compress", spec));
    }

    private static void rejects(Map<String, Object> spec, String message) {
        Node.InvalidFieldException e = assertThrows(Node.InvalidFieldException.class, () -> parse(spec));
        assertEquals(message, e.getMessage());
    }

    @Test
    void traefiksDefaults() {
        CompressOptions options = parse(Map.of());

        assertEquals(Set.of(), options.excludedContentTypes());
        assertEquals(Set.of(), options.includedContentTypes());
        assertEquals(1024, options.minResponseBodyBytes());
        assertNull(options.defaultEncoding());
        assertEquals("gzip", options.encodings().get(0), "gzip first, and always there");
        assertTrue(CompressOptions.DEFAULT_ENCODINGS.containsAll(options.encodings()));
    }

    @Test
    void readsEveryOption() {
        assertEquals(new CompressOptions(Set.of("text/event-stream", "image/png"), Set.of(), 200, List.of("gzip"), "gzip"),
                parse(Map.of("excludedContentTypes", List.of("text/event-stream; charset=utf-8", " Image/PNG"),
                        "minResponseBodyBytes", 200, "encodings", List.of("GZIP", "gzip"), "defaultEncoding", " Gzip ")));
        assertEquals(Set.of("application/json"),
                parse(Map.of("includedContentTypes", List.of("application/json"))).includedContentTypes());
        assertEquals(0, parse(Map.of("minResponseBodyBytes", "0")).minResponseBodyBytes());
    }

    @Test
    void eachBadValueNamesItsField() {
        rejects(Map.of("excludedContentTypes", List.of("text/html"), "includedContentTypes", List.of("text/plain")),
                "spec.compress.includedContentTypes: excludedContentTypes and includedContentTypes cannot be used together");
        rejects(Map.of("excludedContentTypes", List.of("text")),
                "spec.compress.excludedContentTypes[0]: not a media type: \"text\"");
        rejects(Map.of("includedContentTypes", List.of("text/html", "a/b/c")),
                "spec.compress.includedContentTypes[1]: not a media type: \"a/b/c\"");
        rejects(Map.of("minResponseBodyBytes", -1), "spec.compress.minResponseBodyBytes: must not be negative, got -1");
        rejects(Map.of("encodings", List.of("deflate")),
                "spec.compress.encodings[0]: must be one of gzip, br, zstd, got \"deflate\"");
        rejects(Map.of("encodings", List.of()), "spec.compress.encodings: must name at least one encoding");
        rejects(Map.of("encodings", List.of("gzip"), "defaultEncoding", "br"),
                "spec.compress.defaultEncoding: must be one of the encodings [gzip], got \"br\"");
    }
}
