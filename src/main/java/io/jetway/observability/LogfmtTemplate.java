package io.jetway.observability;

import java.util.Map;

/**
 * Reads one of Jetway's log templates, {@code event=reload provider={} msg="{}"}, into its pairs with
 * the arguments put in place. The values are kept as the arguments wrote them (quotes and all);
 * escaping is the format's job, so an argument holding quotes or spaces can no longer break the line.
 */
final class LogfmtTemplate {

    private LogfmtTemplate() {
    }

    static void parse(String template, Object[] arguments, Map<String, String> into) {
        Arguments args = new Arguments(arguments);
        StringBuilder loose = new StringBuilder();
        int i = 0;
        int n = template.length();
        while (i < n) {
            while (i < n && template.charAt(i) == ' ') {
                i++;
            }
            if (i >= n) {
                break;
            }
            int tokenEnd = i;
            while (tokenEnd < n && template.charAt(tokenEnd) != ' ' && template.charAt(tokenEnd) != '=') {
                tokenEnd++;
            }
            if (tokenEnd >= n || template.charAt(tokenEnd) != '=') {
                String word = args.fill(template, i, tokenEnd);
                if (tokenEnd - i == 2 && template.startsWith("{}", i) && word.contains("=")) {
                    // An argument that is itself pairs ("event=x {}" with "key=value ..."): its pairs.
                    parse(word, null, into);
                } else {
                    // A word outside any pair: kept, in order, in msg.
                    if (!loose.isEmpty()) {
                        loose.append(' ');
                    }
                    loose.append(word);
                }
                i = tokenEnd;
                continue;
            }
            String key = args.fill(template, i, tokenEnd);
            int valueStart = tokenEnd + 1;
            String value;
            if (valueStart < n && template.charAt(valueStart) == '"') {
                int close = template.indexOf('"', valueStart + 1);
                int end = close < 0 ? n : close;
                value = args.fill(template, valueStart + 1, end);
                i = close < 0 ? n : close + 1;
            } else {
                int end = valueStart;
                while (end < n && template.charAt(end) != ' ') {
                    end++;
                }
                value = args.fill(template, valueStart, end);
                i = end;
            }
            into.put(key, value);
        }
        if (!loose.isEmpty()) {
            into.merge("msg", loose.toString(), (given, words) -> given + " " + words);
        }
    }

    /** The arguments, handed out one per {@code {}} in template order. */
    private static final class Arguments {
        private final Object[] values;
        private int next;

        Arguments(Object[] values) {
            this.values = values == null ? new Object[0] : values;
        }

        String fill(String template, int from, int to) {
            StringBuilder out = new StringBuilder(to - from);
            int i = from;
            while (i < to) {
                if (i + 1 < to && template.charAt(i) == '{' && template.charAt(i + 1) == '}') {
                    out.append(next < values.length ? String.valueOf(values[next++]) : "{}");
                    i += 2;
                } else {
                    out.append(template.charAt(i++));
                }
            }
            return out.toString();
        }
    }
}
