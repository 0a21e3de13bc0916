package io.jetway.routing.rule;

/**
 * One lexical unit of a rule.
 *
 * @param text     the identifier, the string's value (quotes removed, escapes applied) or the operator
 * @param position 1-based column of the token's first character, for error messages
 */
record Token(Type type, String text, int position) {

    enum Type { IDENTIFIER, WORD, STRING, LEFT_PAREN, RIGHT_PAREN, COMMA, AND, OR, NOT, END }

    /** How the token appears in an error message. */
    String describe() {
        return switch (type) {
            case END -> "end of rule";
            case STRING -> "string \"" + text + "\"";
            default -> "\"" + text + "\"";
        };
    }
}
