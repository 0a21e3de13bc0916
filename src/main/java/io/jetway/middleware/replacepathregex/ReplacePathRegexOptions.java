package io.jetway.middleware.replacepathregex;

import io.jetway.kube.Node;
import io.jetway.middleware.OptionPatterns;

import java.util.regex.Pattern;

/**
 * {@code replacePathRegex}'s options: the regex and its replacement, already in Java's syntax
 * (Go's {@code ${1}} becomes {@code $1}; {@code $1} and {@code ${name}} read the same in both).
 */
public record ReplacePathRegexOptions(Pattern regex, String replacement) {

    /** @throws Node.InvalidFieldException when regex is missing or invalid */
    public static ReplacePathRegexOptions from(Node options) {
        Pattern regex = OptionPatterns.compile(options.get("regex"));
        String replacement = options.get("replacement").string("").replaceAll("\\$\\{(\\d+)}", "\\$$1");
        return new ReplacePathRegexOptions(regex, replacement);
    }
}
