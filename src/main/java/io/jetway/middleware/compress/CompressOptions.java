package io.jetway.middleware.compress;

import io.jetway.kube.Node;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The {@code compress} middleware's options, with Traefik's defaults.
 *
 * @param excludedContentTypes media types never compressed (none); not with includedContentTypes
 * @param includedContentTypes when any, the only media types compressed (none)
 * @param minResponseBodyBytes shorter bodies go out as they are (1024)
 * @param encodings            the codings offered, in the server's order of preference (gzip, br,
 *                             zstd: those this platform has)
 * @param defaultEncoding      for a request without Accept-Encoding, or one that only says *; null for none
 */
public record CompressOptions(Set<String> excludedContentTypes, Set<String> includedContentTypes,
                              int minResponseBodyBytes, List<String> encodings, String defaultEncoding) {

    static final List<String> DEFAULT_ENCODINGS = List.of("gzip", "br", "zstd");
    private static final int DEFAULT_MIN_BYTES = 1024;

    public static CompressOptions from(Node options) {
        Node excludedNode = options.get("excludedContentTypes");
        Node includedNode = options.get("includedContentTypes");
        Set<String> excluded = mediaTypes(excludedNode);
        Set<String> included = mediaTypes(includedNode);
        if (!excluded.isEmpty() && !included.isEmpty()) {
            throw new Node.InvalidFieldException(includedNode.path(),
                    "excludedContentTypes and includedContentTypes cannot be used together");
        }
        Node minNode = options.get("minResponseBodyBytes");
        int minBytes = minNode.integer(DEFAULT_MIN_BYTES);
        if (minBytes < 0) {
            throw new Node.InvalidFieldException(minNode.path(), "must not be negative, got " + minBytes);
        }
        List<String> encodings = encodings(options.get("encodings"));
        Node defaultNode = options.get("defaultEncoding");
        String defaultEncoding = defaultNode.string("").trim().toLowerCase(Locale.ROOT);
        if (!defaultEncoding.isEmpty() && !encodings.contains(defaultEncoding)) {
            throw new Node.InvalidFieldException(defaultNode.path(),
                    "must be one of the encodings " + encodings + ", got \"" + defaultEncoding + "\"");
        }
        return new CompressOptions(excluded, included, minBytes, encodings,
                defaultEncoding.isEmpty() ? null : defaultEncoding);
    }

    private static Set<String> mediaTypes(Node node) {
        List<String> types = new ArrayList<>();
        List<Node> items = node.list();
        for (Node item : items) {
            String type = CompressMiddleware.mediaType(item.requiredString());
            if (type == null) {
                throw new Node.InvalidFieldException(item.path(), "not a media type: \"" + item.raw() + "\"");
            }
            types.add(type);
        }
        return Set.copyOf(types);
    }

    /** Written encodings in order; the defaults are those this platform has, the written ones must all be had. */
    private static List<String> encodings(Node node) {
        if (node.isMissing()) {
            return DEFAULT_ENCODINGS.stream().filter(ContentEncoder.AVAILABLE::containsKey).toList();
        }
        List<String> encodings = new ArrayList<>();
        for (Node item : node.list()) {
            String token = item.requiredString().trim().toLowerCase(Locale.ROOT);
            if (ContentEncoder.byToken(token) == null) {
                throw new Node.InvalidFieldException(item.path(), "must be one of gzip, br, zstd, got \"" + item.raw() + "\"");
            }
            if (!ContentEncoder.AVAILABLE.containsKey(token)) {
                throw new Node.InvalidFieldException(item.path(), "encoding " + token + " is not available on this platform");
            }
            if (!encodings.contains(token)) {
                encodings.add(token);
            }
        }
        if (encodings.isEmpty()) {
            throw new Node.InvalidFieldException(node.path(), "must name at least one encoding");
        }
        return List.copyOf(encodings);
    }
}
