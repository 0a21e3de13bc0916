package io.jetway.middleware.stripprefix;

import io.jetway.kube.Node;

import java.util.List;

/** {@code stripPrefix}'s options: the prefixes to strip, tried in order (empty ones never match). */
public record StripPrefixOptions(List<String> prefixes) {

    public StripPrefixOptions {
        prefixes = List.copyOf(prefixes);
    }

    public static StripPrefixOptions from(Node options) {
        return new StripPrefixOptions(options.get("prefixes").strings());
    }
}
