package io.jetway.middleware;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Replacement templates read as Go's Regexp.ReplaceAllString reads them. */
class GoReplacementTest {

    @ParameterizedTest(name = "{1} on {2}")
    @CsvSource(delimiter = '|', value = {
            "'^/(\\w+)/(\\w+)$'   | '/$2/$1'       | /a/b     | /b/a",
            "'^/(\\w+)/(\\w+)$'   | '/${2}x/${1}'  | /a/b     | /bx/a",
            "'^/(\\w+)$'          | '/$1x'         | /a       | /",
            "'^/(?<n>\\w+)$'      | '/$n-${n}'     | /a       | /a-a",
            "'^/(\\w+)$'          | '/$$1 $9 $'    | /a       | '/$1  $'",
            "'a'                  | 'b'            | banana   | bbnbnb",
    })
    void expandsGroupsLikeGo(String regex, String template, String input, String expected) {
        assertEquals(expected, GoReplacement.parse(template).replaceAll(Pattern.compile(regex), input));
    }
}
