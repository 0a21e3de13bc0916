package io.jetway.routing.rule;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * v2 templates in the gorilla/mux style: `{name:regexp}` or `{name}` between literal text, as in
 * `{subdomain:[a-z]+}.example.com` or `/users/{id:[0-9]+}`. Compiled to one pattern anchored at the
 * start, and at the end unless it is a prefix.
 */
public final class MuxTemplate {

    public static final String HOST_DEFAULT = "[^.]+";
    static final String PATH_DEFAULT = "[^/]+";
    static final String QUERY_DEFAULT = ".*";

    private MuxTemplate() {
    }

    static boolean hasVariables(String template) {
        return template.indexOf('{') >= 0;
    }

    /**
     * @param lowercaseLiterals hosts are case-insensitive: literal text is lowercased to meet the
     *                          canonical (lowercase) request host; user regexps are left alone
     * @throws ArgumentProblem for unbalanced braces, an empty name or pattern, a bad regexp
     */
    public static Pattern compile(String template, String defaultPattern, boolean anchorEnd, boolean lowercaseLiterals) {
        StringBuilder regexp = new StringBuilder("^");
        int i = 0;
        while (i < template.length()) {
            int open = template.indexOf('{', i);
            int stray = template.indexOf('}', i);
            if (stray >= 0 && (open < 0 || stray < open)) {
                throw new ArgumentProblem("unbalanced braces in \"" + template + "\"");
            }
            if (open < 0) {
                appendLiteral(regexp, template.substring(i), lowercaseLiterals);
                break;
            }
            appendLiteral(regexp, template.substring(i, open), lowercaseLiterals);
            int close = matchingBrace(template, open);
            String variable = template.substring(open + 1, close);
            int colon = variable.indexOf(':');
            String name = colon < 0 ? variable : variable.substring(0, colon);
            String pattern = colon < 0 ? defaultPattern : variable.substring(colon + 1);
            if (name.isEmpty() || pattern.isEmpty()) {
                throw new ArgumentProblem("missing name or pattern in \"" + template + "\"");
            }
            regexp.append("(?:").append(Regexps.toJavaSyntax(pattern)).append(')');
            i = close + 1;
        }
        if (anchorEnd) {
            regexp.append('$');
        }
        return Regexps.compileJava(regexp.toString(), template);
    }

    /** Braces nest inside a variable's regexp, e.g. `{id:[0-9]{2,4}}`. */
    private static int matchingBrace(String template, int open) {
        int depth = 0;
        for (int i = open; i < template.length(); i++) {
            char c = template.charAt(i);
            if (c == '{') {
                depth++;
            } else if (c == '}' && --depth == 0) {
                return i;
            }
        }
        throw new ArgumentProblem("unbalanced braces in \"" + template + "\"");
    }

    private static void appendLiteral(StringBuilder regexp, String literal, boolean lowercase) {
        if (!literal.isEmpty()) {
            regexp.append(Pattern.quote(lowercase ? literal.toLowerCase(Locale.ROOT) : literal));
        }
    }
}
