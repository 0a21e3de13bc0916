package io.jetway.http;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Go's DetectContentType results for typical first bytes. */
class ContentSnifferTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "'<!DOCTYPE html><html>'        | text/html; charset=utf-8",
            "' \n<HTML>'                    | text/html; charset=utf-8",
            "'<htmlx>'                      | text/plain; charset=utf-8",
            "'<?xml version=\"1.0\"?>'      | text/xml; charset=utf-8",
            "'GIF89a....'                   | image/gif",
            "'{\"json\": true}'             | text/plain; charset=utf-8",
            "'PK\u0003\u0004rest'           | application/zip",
            "'bin~ary'                 | application/octet-stream",
            "'RIFF~~~~WAVEfmt '  | audio/wave",
    })
    void detects(String body, String type) {
        // '~' stands for a NUL byte, which the CSV source cannot carry.
        byte[] bytes = body.replace('~', '\0').getBytes(StandardCharsets.ISO_8859_1);
        assertEquals(type, ContentSniffer.detect(bytes, 0, bytes.length));
    }
}
