package io.jetway.routing.rule;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Parses rule text for any {@link RuleLanguage}: HTTP and TCP rules share Traefik's expression
 * syntax and differ only in their matchers.
 *
 * <pre>
 * rule    := or END
 * or      := and ( "||" and )*
 * and     := unary ( "&amp;&amp;" unary )*          -- binds tighter than ||
 * unary   := "!" unary | "(" or ")" | matcher
 * matcher := NAME "(" [ STRING ( "," STRING )* ] ")"
 * </pre>
 *
 * @param <M> the language's matcher type
 */
public final class RuleGrammar<M> {

    /**
     * @param warnings things worth telling the user that do not stop the rule from working
     */
    public record Parsed<M>(M root, List<String> warnings) {

        public Parsed {
            warnings = List.copyOf(warnings);
        }
    }

    private final List<Token> tokens;
    private final RuleLanguage<M> language;
    private final Set<String> warnings = new LinkedHashSet<>();
    private int next;

    private RuleGrammar(List<Token> tokens, RuleLanguage<M> language) {
        this.tokens = tokens;
        this.language = language;
    }

    /**
     * @throws RuleException with a one-line message; positions in it are 1-based columns
     */
    public static <M> Parsed<M> parse(String rule, RuleLanguage<M> language) {
        if (rule == null || rule.isBlank()) {
            throw new RuleException("empty rule");
        }
        RuleGrammar<M> parser = new RuleGrammar<>(RuleLexer.tokenize(rule), language);
        M root = parser.parseOr();
        Token last = parser.peek();
        if (last.type() != Token.Type.END) {
            throw parser.unexpected(last);
        }
        return new Parsed<>(root, List.copyOf(parser.warnings));
    }

    private M parseOr() {
        List<M> parts = new ArrayList<>();
        parts.add(parseAnd());
        while (peek().type() == Token.Type.OR) {
            next++;
            parts.add(parseAnd());
        }
        return parts.size() == 1 ? parts.get(0) : language.anyOf(parts);
    }

    private M parseAnd() {
        List<M> parts = new ArrayList<>();
        parts.add(parseUnary());
        while (peek().type() == Token.Type.AND) {
            next++;
            parts.add(parseUnary());
        }
        return parts.size() == 1 ? parts.get(0) : language.allOf(parts);
    }

    private M parseUnary() {
        Token token = take();
        switch (token.type()) {
            case NOT:
                return language.not(parseUnary());
            case LEFT_PAREN:
                M inner = parseOr();
                Token close = take();
                if (close.type() != Token.Type.RIGHT_PAREN) {
                    throw close.type() == Token.Type.END
                            ? new RuleException("missing \")\" for \"(\" at " + token.position())
                            : unexpected(close);
                }
                return inner;
            case IDENTIFIER:
                return parseMatcher(token);
            default:
                throw unexpected(token);
        }
    }

    private M parseMatcher(Token name) {
        MatcherSpec<M> spec = language.lookup(name.text());
        if (spec == null) {
            throw new RuleException("unknown matcher \"" + name.text() + "\" at " + name.position()
                    + language.unknownNameHint(name.text()));
        }
        Token open = take();
        if (open.type() != Token.Type.LEFT_PAREN) {
            throw new RuleException("expected \"(\" after " + name.text() + " at " + open.position()
                    + ", found " + open.describe());
        }
        List<String> args = parseArguments(spec);
        if (args.size() < spec.minArgs() || args.size() > spec.maxArgs()) {
            throw new RuleException(spec.name() + ": " + spec.expectedArguments() + ", got " + args.size());
        }
        if (spec.replacement() != null) {
            warnings.add(spec.name() + " is v2 syntax; use " + spec.replacement());
        }
        try {
            return spec.factory().apply(args);
        } catch (ArgumentProblem problem) {
            throw new RuleException(spec.name() + ": " + problem.getMessage());
        }
    }

    private List<String> parseArguments(MatcherSpec<M> spec) {
        List<String> args = new ArrayList<>();
        if (peek().type() == Token.Type.RIGHT_PAREN) {
            next++;
            return args;
        }
        while (true) {
            Token arg = take();
            if (arg.type() != Token.Type.STRING) {
                if (arg.type() == Token.Type.IDENTIFIER || arg.type() == Token.Type.WORD) {
                    throw new RuleException(spec.name() + ": argument at " + arg.position()
                            + " must be quoted with backticks or double quotes");
                }
                throw unexpected(arg);
            }
            if (arg.text().isEmpty()) {
                throw new RuleException(spec.name() + ": empty argument at " + arg.position());
            }
            args.add(arg.text());
            Token separator = take();
            if (separator.type() == Token.Type.RIGHT_PAREN) {
                return args;
            }
            if (separator.type() != Token.Type.COMMA) {
                throw unexpected(separator);
            }
        }
    }

    private RuleException unexpected(Token token) {
        if (token.type() == Token.Type.END) {
            return new RuleException("unexpected end of rule at " + token.position());
        }
        return new RuleException("unexpected token " + token.describe() + " at " + token.position());
    }

    private Token peek() {
        return tokens.get(next);
    }

    private Token take() {
        Token token = tokens.get(next);
        if (token.type() != Token.Type.END) {
            next++;
        }
        return token;
    }
}
