package io.jetway.middleware.redirectregex;

import io.jetway.kube.Node;
import io.jetway.middleware.OptionPatterns;

import java.util.regex.Pattern;

/**
 * {@code redirectRegex}'s options.
 *
 * @param regex       matched against the full URL
 * @param replacement the new URL, a template as Go reads it ({@code $1}, {@code ${name}})
 * @param permanent   301/308 instead of 302/307
 */
public record RedirectRegexOptions(Pattern regex, String replacement, boolean permanent) {

    /** @throws Node.InvalidFieldException naming a missing or invalid regex, or a missing replacement */
    public static RedirectRegexOptions from(Node options) {
        Pattern regex = OptionPatterns.compile(options.get("regex"));
        String replacement = options.get("replacement").requiredString();
        return new RedirectRegexOptions(regex, replacement, options.get("permanent").bool(false));
    }
}
