package io.jetway.util;

import java.util.Locale;

/**
 * Whether a key someone wrote looks like a misspelling of the one expected ({@code serverPort} for
 * {@code servicePort}, {@code Port} for {@code port}): the same ignoring case, or a few letters
 * apart (at most one for short names, three for long ones), so that an error can name what was
 * written instead of only what is missing.
 */
public final class Lookalikes {

    private Lookalikes() {
    }

    public static boolean similar(String expected, String written) {
        String a = expected.toLowerCase(Locale.ROOT);
        String b = written.toLowerCase(Locale.ROOT);
        if (a.equals(b)) {
            return true;
        }
        int allowed = a.length() <= 4 ? 1 : a.length() <= 8 ? 2 : 3;
        return Math.abs(a.length() - b.length()) <= allowed && distance(a, b) <= allowed;
    }

    /** Edit distance counting an insertion, a deletion, a substitution or a swap of two neighbours as one. */
    public static int distance(String a, String b) {
        int[][] d = new int[a.length() + 1][b.length() + 1];
        for (int i = 0; i <= a.length(); i++) {
            d[i][0] = i;
        }
        for (int j = 0; j <= b.length(); j++) {
            d[0][j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                d[i][j] = Math.min(d[i - 1][j - 1] + cost, Math.min(d[i - 1][j], d[i][j - 1]) + 1);
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                    d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
                }
            }
        }
        return d[a.length()][b.length()];
    }
}
