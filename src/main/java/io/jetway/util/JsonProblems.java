package io.jetway.util;

import jakarta.json.JsonException;
import jakarta.json.stream.JsonLocation;
import jakarta.json.stream.JsonParsingException;

/**
 * What is wrong with a JSON text, said to an operator: where it stops being JSON, not the parser's
 * token names.
 */
public final class JsonProblems {

    private JsonProblems() {
    }

    /** {@code "not valid JSON at line 3, column 7"}, or {@code "not a JSON object"} for a text that holds another value. */
    public static String describe(RuntimeException invalid) {
        if (invalid instanceof JsonParsingException parsing && parsing.getLocation() != null) {
            JsonLocation at = parsing.getLocation();
            return "not valid JSON at line " + at.getLineNumber() + ", column " + at.getColumnNumber();
        }
        return invalid instanceof JsonException ? "not valid JSON" : "not a JSON object";
    }
}
