package io.jetway.util;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/** Line-oriented files (htpasswd, htdigest): blank lines are skipped, an error names its line. */
public final class NumberedLines {

    private NumberedLines() {
    }

    /**
     * Each non-blank line, stripped, as {@code parseLine} reads it.
     *
     * @throws IllegalArgumentException naming the line (1-based) that {@code parseLine} refused
     */
    public static <T> List<T> parseEach(List<String> lines, Function<String, T> parseLine) {
        List<T> parsed = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty()) {
                continue;
            }
            try {
                parsed.add(parseLine.apply(line));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("line " + (i + 1) + ": " + e.getMessage());
            }
        }
        return parsed;
    }
}
