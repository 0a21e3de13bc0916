package io.jetway.middleware.errors;

import io.jetway.kube.Node;
import io.jetway.middleware.errors.ErrorsOptions.StatusRange;
import io.jetway.middleware.errors.ErrorsOptions.StatusRewrite;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class ErrorsOptionsTest {

    private static ErrorsOptions parse(Map<String, Object> spec) {
        return ErrorsOptions.from(Node.at("spec.errors", spec));
    }

    private static void rejects(Map<String, Object> spec, String message) {
        Node.InvalidFieldException e = assertThrows(Node.InvalidFieldException.class, () -> parse(spec));
        assertEquals(message, e.getMessage());
    }

    @Test
    void onlyTheServiceIsRequiredAndTheQueryIsTheRootByDefault() {
        assertEquals(new ErrorsOptions(List.of(), List.of(), "pages", "/"), parse(Map.of("service", "pages")));
    }

    @Test
    void readsEveryOption() {
        Map<String, Object> rewrites = new LinkedHashMap<>();
        rewrites.put("404", 200);
        rewrites.put(" 500 - 503 ", "502");
        ErrorsOptions options = parse(Map.of("status", List.of("404", "500-599"), "statusRewrites", rewrites,
                "service", "pages", "query", "{status}.html"));

        assertEquals(List.of(new StatusRange(404, 404), new StatusRange(500, 599)), options.status());
        assertEquals(List.of(new StatusRewrite(new StatusRange(404, 404), 200),
                new StatusRewrite(new StatusRange(500, 503), 502)), options.statusRewrites());
        assertEquals("pages", options.service());
        assertEquals("/{status}.html", options.query(), "the page's path always starts with /");
        assertEquals("/errors?code={status}", parse(Map.of("service", "s", "query", "/errors?code={status}")).query());
    }

    @Test
    void eachBadValueNamesItsField() {
        rejects(Map.of(), "spec.errors.service: is required");
        rejects(Map.of("service", "s", "status", List.of("404", "5xx")),
                "spec.errors.status[1]: not a status or status range: \"5xx\"");
        rejects(Map.of("service", "s", "status", List.of("599-500")),
                "spec.errors.status[0]: not a status or status range: \"599-500\"");
        rejects(Map.of("service", "s", "status", List.of("99")),
                "spec.errors.status[0]: not a status or status range: \"99\"");
        rejects(Map.of("service", "s", "status", List.of("400-450-500")),
                "spec.errors.status[0]: not a status or status range: \"400-450-500\"");
        rejects(Map.of("service", "s", "status", List.of("")), "spec.errors.status[0]: is required");
        rejects(Map.of("service", "s", "statusRewrites", Map.of("4xx", 200)),
                "spec.errors.statusRewrites.4xx: not a status or status range: \"4xx\"");
        rejects(Map.of("service", "s", "statusRewrites", Map.of("404", 42)),
                "spec.errors.statusRewrites.404: must be an HTTP status code, got 42");
    }
}
