package io.jetway.routing.rule;

import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/** Compiles the regexps users wrote for Traefik (Go RE2 syntax) with java.util.regex. */
public final class Regexps {

    private Regexps() {
    }

    /** @throws ArgumentProblem quoting the regexp as written */
    public static Pattern compile(String regexp) {
        return compileJava(toJavaSyntax(regexp), regexp);
    }

    /** Compiles a pattern already in Java syntax; errors quote what the user wrote. */
    static Pattern compileJava(String javaRegexp, String written) {
        try {
            return Pattern.compile(javaRegexp);
        } catch (PatternSyntaxException e) {
            throw new ArgumentProblem("invalid regexp \"" + written + "\": " + e.getDescription());
        }
    }

    /**
     * Go spells named groups (?P&lt;name&gt;...) where Java wants (?&lt;name&gt;...), and Go reads a
     * "{" that does not start a repetition as a literal where Java refuses the pattern.
     */
    static String toJavaSyntax(String regexp) {
        StringBuilder out = new StringBuilder(regexp.length() + 8);
        boolean inClass = false;
        for (int i = 0; i < regexp.length(); i++) {
            char c = regexp.charAt(i);
            if (c == '\\' && i + 1 < regexp.length()) {
                out.append(c).append(regexp.charAt(++i));
            } else if (inClass) {
                inClass = c != ']';
                out.append(c);
            } else if (c == '[') {
                inClass = true;
                out.append(c);
                // A "]" right after "[" or "[^" is a member of the class, not its end.
                if (i + 1 < regexp.length() && regexp.charAt(i + 1) == '^') {
                    out.append(regexp.charAt(++i));
                }
                if (i + 1 < regexp.length() && regexp.charAt(i + 1) == ']') {
                    out.append(regexp.charAt(++i));
                }
            } else if (c == '(' && regexp.startsWith("?P<", i + 1)) {
                out.append("(?<");
                i += 3;
            } else if (c == '{' && !isRepetition(regexp, i)) {
                out.append("\\{");
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    /** `{n}`, `{n,}` or `{n,m}` after something to repeat. */
    private static boolean isRepetition(String regexp, int open) {
        if (open == 0) {
            return false;
        }
        int i = open + 1;
        int digits = 0;
        while (i < regexp.length() && Character.isDigit(regexp.charAt(i)) && regexp.charAt(i) < 0x80) {
            i++;
            digits++;
        }
        if (digits == 0 || i >= regexp.length()) {
            return false;
        }
        if (regexp.charAt(i) == ',') {
            i++;
            while (i < regexp.length() && Character.isDigit(regexp.charAt(i)) && regexp.charAt(i) < 0x80) {
                i++;
            }
        }
        return i < regexp.length() && regexp.charAt(i) == '}';
    }
}
