package io.jetway.routing.rule;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A request for rule tests, built from a one-line description:
 * {@code METHOD HOST PATH[?QUERY] [h:Name=value]... [ip:ADDRESS]}, e.g.
 * {@code GET example.com:8080 /a%2Fb?k=v h:X-Env=prod ip:10.0.0.1}. HOST "-" means no Host header.
 * The host and path go through {@link HostNames} and {@link RoutingPath} like the data plane does.
 */
record FakeRequest(String host, String routingPath, String method, Map<String, List<String>> headerValues,
                   Map<String, List<String>> queryParameters, String remoteAddress) implements RequestView {

    static FakeRequest parse(String description) {
        String[] words = description.trim().split(" +");
        if (words.length < 3) {
            throw new IllegalArgumentException("want METHOD HOST PATH ...: " + description);
        }
        String target = words[2];
        int question = target.indexOf('?');
        String rawPath = question < 0 ? target : target.substring(0, question);
        String rawQuery = question < 0 ? "" : target.substring(question + 1);
        Map<String, List<String>> headers = new LinkedHashMap<>();
        String remote = "192.0.2.1";
        for (int i = 3; i < words.length; i++) {
            String word = words[i];
            if (word.startsWith("h:")) {
                int equals = word.indexOf('=');
                headers.computeIfAbsent(word.substring(2, equals).toLowerCase(Locale.ROOT), k -> new ArrayList<>())
                        .add(word.substring(equals + 1));
            } else if (word.startsWith("ip:")) {
                remote = word.substring(3);
            } else {
                throw new IllegalArgumentException("unknown part \"" + word + "\" in " + description);
            }
        }
        String host = words[1].equals("-") ? HostNames.canonical(null) : HostNames.canonical(words[1]);
        return new FakeRequest(host, RoutingPath.decode(rawPath), words[0], headers, decodeQuery(rawQuery), remote);
    }

    @Override
    public List<String> headers(String name) {
        return headerValues.getOrDefault(name.toLowerCase(Locale.ROOT), List.of());
    }

    private static Map<String, List<String>> decodeQuery(String rawQuery) {
        Map<String, List<String>> params = new LinkedHashMap<>();
        if (rawQuery.isEmpty()) {
            return params;
        }
        for (String pair : rawQuery.split("&")) {
            int equals = pair.indexOf('=');
            String key = equals < 0 ? pair : pair.substring(0, equals);
            String value = equals < 0 ? "" : pair.substring(equals + 1);
            params.computeIfAbsent(URLDecoder.decode(key, StandardCharsets.UTF_8), k -> new ArrayList<>())
                    .add(URLDecoder.decode(value, StandardCharsets.UTF_8));
        }
        return params;
    }
}
