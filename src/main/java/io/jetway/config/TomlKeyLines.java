package io.jetway.config;

import java.util.HashMap;
import java.util.Map;

/**
 * The line of each key of a TOML file, under the dotted path the configuration reader gives it
 * ({@code [entryPoints.web]} then {@code address = ":80"} is {@code entryPoints.web.address};
 * the n-th {@code [[a.b]]} table is {@code a.b[n]}). Only for telling users where a setting is:
 * a key it cannot place (quoted keys with dots, inline tables) just has no line.
 */
final class TomlKeyLines {

    private TomlKeyLines() {
    }

    static Map<String, Integer> of(String text) {
        Map<String, Integer> lines = new HashMap<>();
        Map<String, Integer> arrayCounts = new HashMap<>();
        String table = "";
        String[] rows = text.split("\n", -1);
        for (int i = 0; i < rows.length; i++) {
            String row = rows[i].strip();
            if (row.isEmpty() || row.startsWith("#")) {
                continue;
            }
            if (row.startsWith("[[")) {
                int end = row.indexOf("]]");
                if (end > 2) {
                    String name = unquote(row.substring(2, end).strip());
                    int n = arrayCounts.merge(name, 1, Integer::sum) - 1;
                    table = name + "[" + n + "]";
                    lines.putIfAbsent(table, i + 1);
                }
            } else if (row.startsWith("[")) {
                int end = row.indexOf(']');
                if (end > 1) {
                    table = unquote(row.substring(1, end).strip());
                    lines.putIfAbsent(table, i + 1);
                }
            } else {
                int equals = row.indexOf('=');
                if (equals > 0) {
                    String key = unquote(row.substring(0, equals).strip());
                    lines.putIfAbsent(table.isEmpty() ? key : table + "." + key, i + 1);
                }
            }
        }
        return lines;
    }

    /** Drops the quotes around the parts of a dotted key ({@code "a".b} is {@code a.b}). */
    private static String unquote(String key) {
        return key.replace("\"", "").replace("'", "").replaceAll("\\s*\\.\\s*", ".");
    }
}
