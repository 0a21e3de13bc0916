package io.jetway.middleware.headers;

import io.jetway.kube.Node;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code headers}'s options.
 *
 * @param customRequestHeaders  set on the forwarded request; an empty value removes the header
 * @param customResponseHeaders set on the response; an empty value removes the header
 * @param cors                  the accessControl* options, null when none is set
 * @param security              the security options, null when none is set
 * @param v2OnlyOptions         the options written here that Traefik v3 dropped (honoured, with a warning)
 */
public record HeadersOptions(Map<String, String> customRequestHeaders, Map<String, String> customResponseHeaders,
                             CorsHeaders cors, SecurityHeaders security, List<String> v2OnlyOptions) {

    /** @throws Node.InvalidFieldException naming a bad field, or the whole options when they set nothing */
    public static HeadersOptions from(Node options) {
        Map<String, String> requestHeaders = headerMap(options.get("customRequestHeaders"));
        Map<String, String> responseHeaders = headerMap(options.get("customResponseHeaders"));
        CorsHeaders cors = CorsHeaders.from(options);
        SecurityHeaders security = SecurityHeaders.from(options);
        if (requestHeaders.isEmpty() && responseHeaders.isEmpty() && cors == null && security == null) {
            throw new Node.InvalidFieldException(options.path(), "sets no custom header, CORS or security option");
        }
        return new HeadersOptions(requestHeaders, responseHeaders, cors, security, SecurityHeaders.v2OnlyOptions(options));
    }

    private static Map<String, String> headerMap(Node node) {
        Map<String, String> headers = new LinkedHashMap<>();
        for (String name : node.map().keySet()) {
            if (name.isBlank()) {
                throw new Node.InvalidFieldException(node.path(), "a header name is empty");
            }
            headers.put(name, node.get(name).string(""));
        }
        return Map.copyOf(headers);
    }
}
