package io.jetway.e2e;

import org.eclipse.jetty.client.ContentResponse;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import static io.jetway.e2e.HeadersMiddlewareTest.jetway;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** Traefik v3: no Content-Type is made up unless the contentType middleware asks for detection. */
class ContentTypeMiddlewareTest {

    @ParameterizedTest(name = "{0} / {1} / {2}")
    @CsvSource(delimiter = '|', value = {
            // middleware                    | backend type | body                             | Content-Type
            "                                |              | <html><body>hi</body></html>     |",
            "contentType: {}                 |              | <html><body>hi</body></html>     | text/html;charset=utf-8",
            "contentType: {autoDetect: true} |              | '  <?xml version=\"1.0\"?><a/>'  | text/xml;charset=utf-8",
            "contentType: {}                 |              | just words                       | text/plain;charset=utf-8",
            "contentType: {}                 |              | %PDF-1.7                         | application/pdf",
            "contentType: {autoDetect: false}|              | <html><body>hi</body></html>     |",
            "contentType: {}                 | image/png    | <html><body>hi</body></html>     | image/png",
    })
    void detectsTheTypeOnlyWithTheMiddleware(String spec, String backendType, String body, String expected,
                                             @TempDir Path dir) throws Exception {
        String manifests = (spec == null ? "" : Manifests.middleware("ct", spec))
                + Manifests.appRoute("app.localhost", spec == null ? "" : "{name: ct}");
        String query = "?body=" + URLEncoder.encode(body, StandardCharsets.UTF_8)
                + (backendType == null ? "" : "&type=" + URLEncoder.encode(backendType, StandardCharsets.UTF_8));
        try (Backend backend = Backend.scripted(); JetwayHarness j = jetway(dir, backend, manifests)) {
            ContentResponse r = j.get("app.localhost", "/" + query);
            assertEquals(200, r.getStatus());
            assertEquals(body, r.getContentAsString());
            String type = r.getHeaders().get("Content-Type");
            assertEquals(expected, type == null ? null : type.replace(" ", "").toLowerCase());
        }
    }
}
