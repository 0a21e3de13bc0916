package io.jetway.e2e;

import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Path;


/** A compress middleware with bad options disables the routers using it, naming the field. */
class CompressOptionsTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "{excludedContentTypes: [text/csv], includedContentTypes: [text/html]} | spec.compress.includedContentTypes",
            "{encodings: [deflate]}                                               | spec.compress.encodings[0]",
            "{encodings: []}                                                      | spec.compress.encodings",
            "{defaultEncoding: zstd, encodings: [gzip]}                           | spec.compress.defaultEncoding",
            "{minResponseBodyBytes: -1}                                           | spec.compress.minResponseBodyBytes",
            "{excludedContentTypes: [notatype]}                                   | spec.compress.excludedContentTypes[0]",
    })
    void badOptionsDisableOnlyTheRoutersUsingThem(String options, String field, @TempDir Path dir) throws Exception {
        MiddlewareHarness.assertBadOptionsDisableOnlyTheirRouters(dir, "compress", options, field);
    }

}
