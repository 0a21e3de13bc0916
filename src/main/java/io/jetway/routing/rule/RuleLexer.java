package io.jetway.routing.rule;

import java.util.ArrayList;
import java.util.List;

/** Splits a rule into tokens. Strings are `raw` (backticks) or "Go-style with escapes". */
final class RuleLexer {

    private final String rule;
    private int index;

    private RuleLexer(String rule) {
        this.rule = rule;
    }

    static List<Token> tokenize(String rule) {
        return new RuleLexer(rule).all();
    }

    private List<Token> all() {
        List<Token> tokens = new ArrayList<>();
        while (true) {
            while (index < rule.length() && isSpace(rule.charAt(index))) {
                index++;
            }
            if (index == rule.length()) {
                tokens.add(new Token(Token.Type.END, "", index + 1));
                return tokens;
            }
            tokens.add(next());
        }
    }

    private Token next() {
        int start = index;
        char c = rule.charAt(index);
        switch (c) {
            case '(':
                index++;
                return new Token(Token.Type.LEFT_PAREN, "(", start + 1);
            case ')':
                index++;
                return new Token(Token.Type.RIGHT_PAREN, ")", start + 1);
            case ',':
                index++;
                return new Token(Token.Type.COMMA, ",", start + 1);
            case '!':
                index++;
                return new Token(Token.Type.NOT, "!", start + 1);
            case '&':
            case '|':
                if (index + 1 < rule.length() && rule.charAt(index + 1) == c) {
                    index += 2;
                    return new Token(c == '&' ? Token.Type.AND : Token.Type.OR, "" + c + c, start + 1);
                }
                throw new RuleException("unexpected \"" + c + "\" at " + (start + 1) + " (use \"" + c + c + "\")");
            case '`':
                return rawString();
            case '"':
                return quotedString();
            case '\'':
                throw new RuleException("single-quoted strings are not supported (at " + (start + 1)
                        + "); use backticks or double quotes");
            default:
                // A run of other characters is a word: a matcher name if it is an identifier,
                // otherwise usually a forgotten quote, which the parser reports as such.
                while (index < rule.length() && !endsWord(rule.charAt(index))) {
                    index++;
                }
                String word = rule.substring(start, index);
                return new Token(isIdentifier(word) ? Token.Type.IDENTIFIER : Token.Type.WORD, word, start + 1);
        }
    }

    private Token rawString() {
        int start = index;
        int close = rule.indexOf('`', start + 1);
        if (close < 0) {
            throw new RuleException("unterminated string starting at " + (start + 1));
        }
        index = close + 1;
        return new Token(Token.Type.STRING, rule.substring(start + 1, close), start + 1);
    }

    private Token quotedString() {
        int start = index;
        StringBuilder value = new StringBuilder();
        index++;
        while (true) {
            if (index >= rule.length() || rule.charAt(index) == '\n') {
                throw new RuleException("unterminated string starting at " + (start + 1));
            }
            char c = rule.charAt(index);
            if (c == '"') {
                index++;
                return new Token(Token.Type.STRING, value.toString(), start + 1);
            }
            if (c == '\\') {
                escape(value);
            } else {
                value.append(c);
                index++;
            }
        }
    }

    /** Go escapes: a b f n r t v, backslash, double quote, x + 2 hex, u + 4 hex, U + 8 hex, 3 octal digits. */
    private void escape(StringBuilder value) {
        int at = index;
        if (index + 1 >= rule.length()) {
            throw new RuleException("unterminated string: escape at end of rule (at " + (at + 1) + ")");
        }
        char kind = rule.charAt(index + 1);
        index += 2;
        switch (kind) {
            case 'a' -> value.append('\u0007');
            case 'b' -> value.append('\b');
            case 'f' -> value.append('\f');
            case 'n' -> value.append('\n');
            case 'r' -> value.append('\r');
            case 't' -> value.append('\t');
            case 'v' -> value.append('\u000b');
            case '\\' -> value.append('\\');
            case '"' -> value.append('"');
            case 'x' -> value.append((char) digits(2, 16, at));
            case 'u' -> value.appendCodePoint(digits(4, 16, at));
            case 'U' -> value.appendCodePoint(digits(8, 16, at));
            case '0', '1', '2', '3', '4', '5', '6', '7' -> {
                index--;
                int code = digits(3, 8, at);
                if (code > 255) {
                    throw new RuleException("invalid escape at " + (at + 1) + ": octal value over 255");
                }
                value.append((char) code);
            }
            default -> throw new RuleException("invalid escape \"\\" + kind + "\" at " + (at + 1));
        }
    }

    private int digits(int count, int radix, int escapeAt) {
        if (index + count > rule.length()) {
            throw new RuleException("invalid escape at " + (escapeAt + 1) + ": expected " + count + " digits");
        }
        long code = 0;
        for (int i = 0; i < count; i++) {
            int digit = Character.digit(rule.charAt(index + i), radix);
            if (digit < 0 || rule.charAt(index + i) >= 0x80) {
                throw new RuleException("invalid escape at " + (escapeAt + 1) + ": expected " + count + " digits");
            }
            code = code * radix + digit;
        }
        index += count;
        if (code > Character.MAX_CODE_POINT || (code >= 0xD800 && code <= 0xDFFF)) {
            throw new RuleException("invalid escape at " + (escapeAt + 1) + ": not a Unicode code point");
        }
        return (int) code;
    }

    private static boolean isSpace(char c) {
        return c == ' ' || c == '\t' || c == '\n' || c == '\r';
    }

    private static boolean endsWord(char c) {
        return isSpace(c) || "()`\"',!&|".indexOf(c) >= 0;
    }

    private static boolean isIdentifier(String word) {
        for (int i = 0; i < word.length(); i++) {
            char c = word.charAt(i);
            boolean letter = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
            if (!letter && (i == 0 || c < '0' || c > '9')) {
                return false;
            }
        }
        return true;
    }
}
