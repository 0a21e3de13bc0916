package io.jetway.middleware.compress;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Picks the content coding of a response from the request's Accept-Encoding (RFC 9110 12.5.3),
 * the way Traefik's compress middleware does: the highest q-value wins, ties go to the server's
 * order of encodings; {@code *} stands for the default encoding (else the server's first);
 * {@code q=0} refuses a coding; an empty header or one that accepts none of ours means no
 * compression.
 */
final class AcceptEncoding {

    private AcceptEncoding() {
    }

    /**
     * @param values          the request's Accept-Encoding values, or null when it has none
     * @param encodings       the codings offered, in the server's order of preference
     * @param defaultEncoding for a request without the header or one that only says {@code *}; may be null
     * @return the coding to use, or null for none
     */
    static String choose(List<String> values, List<String> encodings, String defaultEncoding) {
        if (values == null) {
            return defaultEncoding;
        }
        Map<String, Double> weights = parse(values);
        if (weights.isEmpty()) {
            return null;
        }
        Double wildcard = weights.get("*");
        String best = null;
        double bestWeight = 0;
        boolean bestFromWildcard = false;
        for (String encoding : encodings) {
            Double listed = weights.get(encoding);
            double weight = listed != null ? listed : wildcard != null ? wildcard : 0;
            if (weight > bestWeight) {
                best = encoding;
                bestWeight = weight;
                bestFromWildcard = listed == null;
            }
        }
        if (best == null) {
            return null;
        }
        if (bestFromWildcard && defaultEncoding != null && !weights.containsKey(defaultEncoding)) {
            best = defaultEncoding;
        }
        Double identity = weights.get("identity");
        return identity != null && identity > bestWeight ? null : best;
    }

    /** Coding to q-value; a malformed q counts as 1, as lenient servers do. */
    private static Map<String, Double> parse(List<String> values) {
        Map<String, Double> weights = new LinkedHashMap<>();
        for (String value : values) {
            for (String item : value.split(",")) {
                String[] parts = item.split(";");
                String coding = parts[0].trim().toLowerCase(Locale.ROOT);
                if (coding.isEmpty()) {
                    continue;
                }
                double q = 1;
                for (int i = 1; i < parts.length; i++) {
                    String param = parts[i].trim();
                    if (param.length() > 2 && (param.startsWith("q=") || param.startsWith("Q="))) {
                        try {
                            q = Double.parseDouble(param.substring(2).trim());
                        } catch (NumberFormatException ignored) {
                            q = 1;
                        }
                    }
                }
                weights.put(coding, q);
            }
        }
        return weights;
    }
}
