package io.jetway.middleware;

import io.jetway.kube.Node;

import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/** Regular expressions written in middleware options (stripPrefixRegex, replacePathRegex, redirectRegex, CORS origins). */
public final class OptionPatterns {

    private OptionPatterns() {
    }

    /** The node's required regex; a bad one names the field and says why. */
    public static Pattern compile(Node regex) {
        String text = regex.requiredString();
        try {
            return Pattern.compile(text);
        } catch (PatternSyntaxException e) {
            throw new Node.InvalidFieldException(regex.path(), "invalid regular expression \"" + text + "\": " + e.getDescription());
        }
    }
}
