package io.jetway.config;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Traefik v3.7's static option names (a resource of this package), so that a setting Jetway does
 * not read is told apart: one of Traefik's is "not supported by Jetway", anything else is a typo
 * ("unknown", with the nearest of Jetway's own flags suggested).
 */
final class TraefikStaticOptions {

    private static final List<String[]> PATTERNS = load();

    private TraefikStaticOptions() {
    }

    /** Whether a dotted name (any case) is one of Traefik's static options. */
    static boolean isTraefikOption(String dottedName) {
        String[] segments = dottedName.toLowerCase(Locale.ROOT).split("\\.", -1);
        for (String[] pattern : PATTERNS) {
            if (matches(pattern, segments)) {
                return true;
            }
        }
        return false;
    }

    private static boolean matches(String[] pattern, String[] segments) {
        if (pattern.length != segments.length) {
            return false;
        }
        for (int i = 0; i < pattern.length; i++) {
            String expected = pattern[i];
            String actual = segments[i];
            if (expected.equals(FlagSpec.NAME_SEGMENT)) {
                if (actual.isEmpty()) {
                    return false;
                }
            } else if (expected.endsWith(FlagSpec.INDEX_SUFFIX)) {
                String prefix = expected.substring(0, expected.length() - FlagSpec.INDEX_SUFFIX.length());
                if (!actual.matches(java.util.regex.Pattern.quote(prefix) + "\\[\\d{1,4}]")) {
                    return false;
                }
            } else if (!expected.equals(actual)) {
                return false;
            }
        }
        return true;
    }

    /**
     * The Jetway flag nearest to a mistyped name (by edit distance, with the user's own names kept
     * in {@code <name>} segments), or null when none is close.
     */
    static String nearestFlag(String dottedName) {
        String[] segments = dottedName.toLowerCase(Locale.ROOT).split("\\.", -1);
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (FlagSpec spec : StaticFlags.ALL) {
            String[] pattern = spec.pattern().split("\\.");
            if (pattern.length != segments.length) {
                continue;
            }
            StringBuilder candidate = new StringBuilder();
            for (int i = 0; i < pattern.length; i++) {
                if (i > 0) {
                    candidate.append('.');
                }
                boolean keepUsers = pattern[i].equals(FlagSpec.NAME_SEGMENT) || pattern[i].endsWith(FlagSpec.INDEX_SUFFIX);
                candidate.append(keepUsers ? segments[i] : pattern[i]);
            }
            int distance = io.jetway.util.Lookalikes.distance(candidate.toString(), String.join(".", segments));
            if (distance < bestDistance) {
                bestDistance = distance;
                best = candidate.toString();
            }
        }
        // A suggestion only for a near miss: a few letters, and less than a third of the name.
        return best != null && bestDistance > 0 && bestDistance <= Math.max(1, Math.min(4, dottedName.length() / 3)) ? best : null;
    }

    private static List<String[]> load() {
        List<String[]> patterns = new ArrayList<>();
        try (InputStream in = TraefikStaticOptions.class.getResourceAsStream("traefik-static-options.txt")) {
            if (in == null) {
                throw new IllegalStateException("traefik-static-options.txt is missing from the build");
            }
            BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            String line;
            while ((line = reader.readLine()) != null) {
                if (!line.isBlank() && !line.startsWith("#")) {
                    patterns.add(line.trim().split("\\."));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return List.copyOf(patterns);
    }
}
