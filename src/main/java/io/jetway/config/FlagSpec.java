package io.jetway.config;

import java.util.Locale;

/**
 * One row of the flag table: the name pattern, what the value looks like, its default, a one-line
 * description and how a value is applied. A new flag is one new {@code FlagSpec} in
 * {@link StaticFlags#ALL}.
 *
 * @param pattern     dotted lowercase name; the segment {@code <name>} stands for a user-chosen name
 * @param kind        whether the value may be omitted (booleans)
 * @param valueHint   how the value looks in the help text, e.g. {@code [host]:port}
 * @param defaultText the default as shown in the help text, or null for none
 * @param description one line for the help text
 * @param inFile      whether the setting may also appear in the configuration file
 * @param setting     applies a value to the draft
 */
record FlagSpec(String pattern, Kind kind, String valueHint, String defaultText, String description,
                boolean inFile, Setting setting) {

    static final String NAME_SEGMENT = "<name>";
    /** Ends a segment that takes a list index, as Traefik's {@code domains[0]}. */
    static final String INDEX_SUFFIX = "[<n>]";

    enum Kind {
        /** {@code --flag} alone means true. */
        BOOLEAN,
        /** A value is required. */
        VALUE
    }

    /** Applies one value; throws IllegalArgumentException with the reason when the value is bad. */
    @FunctionalInterface
    interface Setting {
        void apply(ConfigDraft draft, Origin origin, String value);
    }

    /**
     * Where a value came from: the flag (or {@code --configfile}) to blame, the user-chosen
     * {@code <name>} segment as written (null when the pattern has none), and the {@code [<n>]}
     * index (-1 when the pattern has none).
     */
    record Origin(String flag, String name, int index) {

        Origin(String flag, String name) {
            this(flag, name, -1);
        }
    }

    /** What a dotted name matched: the {@code <name>} segment ("" when none) and the index (-1 when none). */
    record Captured(String name, int index) {
    }

    static FlagSpec bool(String pattern, boolean defaultValue, String description, Setting setting) {
        return new FlagSpec(pattern, Kind.BOOLEAN, "bool", Boolean.toString(defaultValue), description, true, setting);
    }

    static FlagSpec value(String pattern, String valueHint, String defaultText, String description, Setting setting) {
        return new FlagSpec(pattern, Kind.VALUE, valueHint, defaultText, description, true, setting);
    }

    FlagSpec commandLineOnly() {
        return new FlagSpec(pattern, kind, valueHint, defaultText, description, false, setting);
    }

    /**
     * Matches a dotted name (case-insensitively). Returns the {@code <name>} segment as written,
     * "" when the pattern has no such segment, or null when the name does not match.
     */
    String match(String[] segments) {
        Captured captured = capture(segments);
        return captured == null ? null : captured.name();
    }

    /** Matches a dotted name (case-insensitively); null when it does not match. */
    Captured capture(String[] segments) {
        String[] expected = pattern.split("\\.");
        return expected.length == segments.length ? capture(expected, segments) : null;
    }

    /** True when the dotted name is a section above this flag, as {@code entryPoints.web.http} is. */
    boolean isUnder(String[] section) {
        String[] expected = pattern.split("\\.");
        return expected.length > section.length
                && capture(java.util.Arrays.copyOf(expected, section.length), section) != null;
    }

    private static Captured capture(String[] expected, String[] segments) {
        String captured = "";
        int index = -1;
        for (int i = 0; i < expected.length; i++) {
            if (expected[i].equals(NAME_SEGMENT)) {
                if (segments[i].isEmpty()) {
                    return null;
                }
                captured = segments[i];
            } else if (expected[i].endsWith(INDEX_SUFFIX)) {
                index = index(expected[i].substring(0, expected[i].length() - INDEX_SUFFIX.length()), segments[i]);
                if (index < 0) {
                    return null;
                }
            } else if (!expected[i].equals(segments[i].toLowerCase(Locale.ROOT))) {
                return null;
            }
        }
        return new Captured(captured, index);
    }

    /** The n of {@code prefix[n]}, or -1 when the segment is not that. */
    private static int index(String prefix, String segment) {
        String s = segment.toLowerCase(Locale.ROOT);
        if (!s.startsWith(prefix + "[") || !s.endsWith("]")) {
            return -1;
        }
        String digits = s.substring(prefix.length() + 1, s.length() - 1);
        if (digits.isEmpty() || digits.length() > 4 || !digits.chars().allMatch(Character::isDigit)) {
            return -1;
        }
        return Integer.parseInt(digits);
    }

    /** The flag as shown in the help text, e.g. {@code --entrypoints.<name>.address=[host]:port}. */
    String usage() {
        return "--" + pattern + (kind == Kind.BOOLEAN ? "[=bool]" : "=" + valueHint);
    }
}
