package io.jetway.explain;

import io.jetway.routing.rule.HostNames;
import io.jetway.routing.rule.RequestView;
import io.jetway.routing.rule.RoutingPath;

import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/** A request described by its method, URL and headers, as rules see it; for explanations. */
public record ExplainRequest(String host, String routingPath, String method, Map<String, List<String>> headerValues,
                             Map<String, List<String>> queryParameters, String remoteAddress) implements RequestView {

    /**
     * @param url     {@code http://host[:port]/path?query}; the Host header, when given, wins over its host
     * @param headers header name to values
     * @param sanitizePath the entry point's http.sanitizePath: dot segments and duplicate slashes
     *                     are removed before routing, as on the data plane
     * @throws IllegalArgumentException for a URL that is not absolute or a path that does not decode
     */
    public static ExplainRequest of(String method, String url, Map<String, List<String>> headers, String remoteAddress,
                                    boolean sanitizePath) {
        URI uri = URI.create(url);
        if (uri.getRawAuthority() == null) {
            throw new IllegalArgumentException("the URL must be absolute, like http://example.com/path: " + url);
        }
        Map<String, List<String>> byName = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        byName.putAll(headers);
        List<String> hostHeader = byName.get("Host");
        String host = hostHeader != null && !hostHeader.isEmpty() ? hostHeader.get(0) : uri.getRawAuthority();
        String rawPath = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
        String routingPath = RoutingPath.decode(rawPath);
        if (sanitizePath) {
            routingPath = RoutingPath.removeDotSegments(routingPath);
        }
        return new ExplainRequest(HostNames.canonical(host), routingPath, method.toUpperCase(Locale.ROOT),
                byName, RequestView.parseQuery(uri.getRawQuery()), remoteAddress);
    }

    @Override
    public List<String> headers(String name) {
        return headerValues.getOrDefault(name, List.of());
    }
}
