package io.jetway.middleware;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A replacement template as Go's Regexp.ReplaceAllString reads it: {@code $1}, {@code ${1}},
 * {@code $name}, {@code ${name}}, {@code $$} for a dollar; a group that does not exist expands to
 * nothing. ({@code $1x} names a group "1x", as in Go: write {@code ${1}x}.)
 */
final class GoReplacement {

    /** Literal text, or a group by number (name null) or by name. */
    private record Part(String literal, int group, String name) {
    }

    private final List<Part> parts;

    private GoReplacement(List<Part> parts) {
        this.parts = parts;
    }

    static GoReplacement parse(String template) {
        List<Part> parts = new ArrayList<>();
        StringBuilder literal = new StringBuilder();
        int i = 0;
        while (i < template.length()) {
            char c = template.charAt(i);
            if (c != '$' || i + 1 >= template.length()) {
                literal.append(c);
                i++;
                continue;
            }
            char n = template.charAt(i + 1);
            String name = null;
            int end;
            if (n == '$') {
                literal.append('$');
                i += 2;
                continue;
            } else if (n == '{') {
                int close = template.indexOf('}', i + 2);
                name = close < 0 ? null : template.substring(i + 2, close);
                end = close + 1;
                if (name != null && (name.isEmpty() || !isName(name))) {
                    name = null;
                }
            } else {
                end = i + 1;
                while (end < template.length() && isNameChar(template.charAt(end))) {
                    end++;
                }
                name = end > i + 1 ? template.substring(i + 1, end) : null;
            }
            if (name == null) {
                literal.append(c); // not a reference: Go keeps the text
                i++;
                continue;
            }
            if (!literal.isEmpty()) {
                parts.add(new Part(literal.toString(), -1, null));
                literal.setLength(0);
            }
            parts.add(name.chars().allMatch(Character::isDigit) ? new Part(null, groupNumber(name), null) : new Part(null, -1, name));
            i = end;
        }
        if (!literal.isEmpty()) {
            parts.add(new Part(literal.toString(), -1, null));
        }
        return new GoReplacement(List.copyOf(parts));
    }

    private static int groupNumber(String digits) {
        try {
            return Integer.parseInt(digits);
        } catch (NumberFormatException tooLarge) {
            return Integer.MAX_VALUE;
        }
    }

    private static boolean isName(String text) {
        return text.chars().allMatch(ch -> isNameChar((char) ch));
    }

    private static boolean isNameChar(char c) {
        return c == '_' || Character.isLetterOrDigit(c) && c < 128;
    }

    /** Replaces every match in the input, as ReplaceAllString does. */
    String replaceAll(Pattern pattern, String input) {
        Matcher m = pattern.matcher(input);
        StringBuilder out = new StringBuilder();
        int last = 0;
        while (m.find()) {
            out.append(input, last, m.start());
            expand(m, out);
            last = m.end();
        }
        out.append(input, last, input.length());
        return out.toString();
    }

    private void expand(Matcher m, StringBuilder out) {
        for (Part part : parts) {
            if (part.literal() != null) {
                out.append(part.literal());
            } else {
                String value = group(m, part);
                if (value != null) {
                    out.append(value);
                }
            }
        }
    }

    private static String group(Matcher m, Part part) {
        try {
            return part.name() == null ? (part.group() <= m.groupCount() ? m.group(part.group()) : null) : m.group(part.name());
        } catch (IllegalArgumentException noSuchGroup) {
            return null;
        }
    }
}
