package io.jetway.routing.rule;

import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/** Compiles the regexps users wrote for Traefik (Go RE2 syntax) with java.util.regex. */
final class Regexps {

    private Regexps() {
    }

    static Pattern compile(String regexp) {
        // Go spells named groups (?P<name>...); Java only knows (?<name>...).
        String javaSyntax = regexp.replace("(?P<", "(?<");
        try {
            return Pattern.compile(javaSyntax);
        } catch (PatternSyntaxException e) {
            throw new ArgumentProblem("invalid regexp \"" + regexp + "\": " + e.getDescription());
        }
    }
}
