package io.jetway.middleware.stripprefixregex;

import io.jetway.kube.Node;
import io.jetway.middleware.OptionPatterns;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/** {@code stripPrefixRegex}'s options: the regexes whose match at the start of the path is stripped, tried in order. */
public record StripPrefixRegexOptions(List<Pattern> regex) {

    public StripPrefixRegexOptions {
        regex = List.copyOf(regex);
    }

    /** @throws Node.InvalidFieldException naming an empty or invalid entry ({@code regex[1]}) */
    public static StripPrefixRegexOptions from(Node options) {
        List<Pattern> patterns = new ArrayList<>();
        for (Node regex : options.get("regex").list()) {
            patterns.add(OptionPatterns.compile(regex));
        }
        return new StripPrefixRegexOptions(patterns);
    }
}
