package io.jetway.util;

/** JSON's string escapes (which logfmt's quoted values share), for the log and access log writers. */
public final class JsonStrings {

    private JsonStrings() {
    }

    /**
     * Appends {@code text} escaped, without the surrounding quotes: {@code "} and {@code \}, the
     * control characters, DEL, and U+2028/U+2029 (which end a line in JavaScript).
     */
    public static StringBuilder appendEscaped(StringBuilder out, String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20 || c == 0x7f || c == 0x2028 || c == 0x2029) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out;
    }
}
