package io.jetway.routing.rule;

/** Router priority as Traefik computes it: higher first, default = length of the rule. */
public final class Priority {

    private Priority() {
    }

    /**
     * Length of the rule in UTF-8 bytes: Traefik uses Go's len(rule), which counts bytes, so a rule
     * with non-ASCII characters (e.g. in a path) must get the same priority as there.
     */
    public static int defaultFor(String rule) {
        if (rule == null) {
            return 0;
        }
        int bytes = 0;
        for (int i = 0; i < rule.length(); i++) {
            char c = rule.charAt(i);
            if (c < 0x80) {
                bytes += 1;
            } else if (c < 0x800) {
                bytes += 2;
            } else if (Character.isHighSurrogate(c) && i + 1 < rule.length()
                    && Character.isLowSurrogate(rule.charAt(i + 1))) {
                bytes += 4;
                i++;
            } else {
                bytes += 3;
            }
        }
        return bytes;
    }

    /** A configured priority of 0 means "not set": the rule length is used. Negative values are kept. */
    public static int effective(int configured, String rule) {
        return configured == 0 ? defaultFor(rule) : configured;
    }
}
