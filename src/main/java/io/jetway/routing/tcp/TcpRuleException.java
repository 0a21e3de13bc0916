package io.jetway.routing.tcp;

/** A TCP rule that cannot be used; the message is one line, fit to show the user. */
public final class TcpRuleException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public TcpRuleException(String message) {
        super(oneLine(message));
    }

    /** Control characters (a rule may span lines, a value may hold "\n") written as Go would quote them. */
    static String oneLine(String text) {
        StringBuilder out = null;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c >= 0x20 && c != 0x7f) {
                if (out != null) {
                    out.append(c);
                }
                continue;
            }
            if (out == null) {
                out = new StringBuilder(text.length() + 8).append(text, 0, i);
            }
            switch (c) {
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> out.append(String.format("\\x%02x", (int) c));
            }
        }
        return out == null ? text : out.toString();
    }
}
