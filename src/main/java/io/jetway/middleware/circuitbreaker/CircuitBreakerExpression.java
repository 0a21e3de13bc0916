package io.jetway.middleware.circuitbreaker;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Predicate;
import java.util.function.ToDoubleFunction;

/**
 * The circuit breaker's trip condition, in Traefik's (oxy's) language: the metrics
 * {@code NetworkErrorRatio()}, {@code ResponseCodeRatio(from, to, divFrom, divTo)} and
 * {@code LatencyAtQuantileMS(quantile)} compared ({@code > < >= <= == !=}) with numbers or each
 * other, combined with {@code &&}, {@code ||} and parentheses ({@code &&} binds tighter).
 */
public final class CircuitBreakerExpression {

    /** What the expression can ask about recent traffic. */
    public interface Metrics {
        /** Share of responses that were network errors (502, 504), 0 when there were none. */
        double networkErrorRatio();

        /** Responses with a code in [from, to) over those in [divFrom, divTo), 0 when the latter are none. */
        double responseCodeRatio(int from, int to, int divFrom, int divTo);

        /** The latency under which {@code quantile} percent of the responses came, in milliseconds. */
        double latencyAtQuantileMs(double quantile);
    }

    private final String text;
    private final List<String> tokens;
    private final List<Integer> positions;
    private int next;

    private CircuitBreakerExpression(String text) {
        this.text = text;
        this.tokens = new ArrayList<>();
        this.positions = new ArrayList<>();
        tokenize();
    }

    /** @throws IllegalArgumentException saying what is wrong and where */
    static Predicate<Metrics> parse(String text) {
        CircuitBreakerExpression parser = new CircuitBreakerExpression(text);
        if (parser.tokens.isEmpty()) {
            throw new IllegalArgumentException("the expression is empty");
        }
        Predicate<Metrics> condition = parser.or();
        if (parser.next < parser.tokens.size()) {
            throw parser.error("unexpected \"" + parser.peek() + "\"");
        }
        return condition;
    }

    private void tokenize() {
        int i = 0;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (Character.isWhitespace(c)) {
                i++;
                continue;
            }
            int start = i;
            if (Character.isLetter(c)) {
                while (i < text.length() && Character.isLetterOrDigit(text.charAt(i))) {
                    i++;
                }
            } else if (Character.isDigit(c) || c == '.' || (c == '-' && i + 1 < text.length()
                    && (Character.isDigit(text.charAt(i + 1)) || text.charAt(i + 1) == '.'))) {
                i++;
                while (i < text.length() && (Character.isDigit(text.charAt(i)) || text.charAt(i) == '.')) {
                    i++;
                }
            } else if (text.startsWith("&&", i) || text.startsWith("||", i) || text.startsWith(">=", i)
                    || text.startsWith("<=", i) || text.startsWith("==", i) || text.startsWith("!=", i)) {
                i += 2;
            } else if ("()<>,".indexOf(c) >= 0) {
                i++;
            } else {
                throw new IllegalArgumentException("unexpected character '" + c + "' at position " + (i + 1));
            }
            tokens.add(text.substring(start, i));
            positions.add(start + 1);
        }
    }

    private String peek() {
        return next < tokens.size() ? tokens.get(next) : null;
    }

    private boolean accept(String token) {
        if (token.equals(peek())) {
            next++;
            return true;
        }
        return false;
    }

    private void expect(String token) {
        if (!accept(token)) {
            throw error("expected \"" + token + "\"");
        }
    }

    private IllegalArgumentException error(String message) {
        String where = next < tokens.size() ? " at position " + positions.get(next) : " at the end";
        return new IllegalArgumentException(message + where + " of \"" + text + "\"");
    }

    private Predicate<Metrics> or() {
        Predicate<Metrics> left = and();
        while (accept("||")) {
            left = left.or(and());
        }
        return left;
    }

    private Predicate<Metrics> and() {
        Predicate<Metrics> left = term();
        while (accept("&&")) {
            left = left.and(term());
        }
        return left;
    }

    private Predicate<Metrics> term() {
        if (accept("(")) {
            Predicate<Metrics> inner = or();
            expect(")");
            return inner;
        }
        ToDoubleFunction<Metrics> left = value();
        String op = peek();
        if (op == null || !List.of(">", "<", ">=", "<=", "==", "!=").contains(op)) {
            throw error("expected a comparison (> < >= <= == !=)");
        }
        next++;
        ToDoubleFunction<Metrics> right = value();
        return switch (op) {
            case ">" -> m -> left.applyAsDouble(m) > right.applyAsDouble(m);
            case "<" -> m -> left.applyAsDouble(m) < right.applyAsDouble(m);
            case ">=" -> m -> left.applyAsDouble(m) >= right.applyAsDouble(m);
            case "<=" -> m -> left.applyAsDouble(m) <= right.applyAsDouble(m);
            case "==" -> m -> left.applyAsDouble(m) == right.applyAsDouble(m);
            default -> m -> left.applyAsDouble(m) != right.applyAsDouble(m);
        };
    }

    private ToDoubleFunction<Metrics> value() {
        String token = peek();
        if (token == null) {
            throw error("expected a metric or a number");
        }
        if (!Character.isLetter(token.charAt(0))) {
            double number = number();
            return m -> number;
        }
        next++;
        expect("(");
        ToDoubleFunction<Metrics> metric = switch (token) {
            case "NetworkErrorRatio" -> Metrics::networkErrorRatio;
            case "ResponseCodeRatio" -> {
                int from = code();
                expect(",");
                int to = code();
                expect(",");
                int divFrom = code();
                expect(",");
                int divTo = code();
                yield m -> m.responseCodeRatio(from, to, divFrom, divTo);
            }
            case "LatencyAtQuantileMS" -> {
                double quantile = number();
                if (!(quantile > 0 && quantile <= 100)) {
                    next--;
                    throw error("the quantile is a percentage in (0, 100], got " + quantile);
                }
                yield m -> m.latencyAtQuantileMs(quantile);
            }
            default -> {
                next -= 2;
                throw error("unknown function \"" + token + "\" (NetworkErrorRatio, ResponseCodeRatio, LatencyAtQuantileMS)");
            }
        };
        expect(")");
        return metric;
    }

    private double number() {
        String token = peek();
        try {
            double value = Double.parseDouble(token == null ? "" : token);
            if (token.toLowerCase(Locale.ROOT).matches(".*[a-z].*")) {
                throw new NumberFormatException();
            }
            next++;
            return value;
        } catch (NumberFormatException e) {
            throw error("expected a number");
        }
    }

    private int code() {
        int at = next;
        double value = number();
        if (value != Math.rint(value) || value < 0 || value > 1000) {
            next = at;
            throw error("expected a status code");
        }
        return (int) value;
    }
}
