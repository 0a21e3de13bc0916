package io.jetway.routing.rule;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Parses a router rule into a {@link Rule}.
 *
 * <pre>
 * rule    := or END
 * or      := and ( "||" and )*
 * and     := unary ( "&amp;&amp;" unary )*          -- binds tighter than ||
 * unary   := "!" unary | "(" or ")" | matcher
 * matcher := NAME "(" [ STRING ( "," STRING )* ] ")"
 * </pre>
 */
public final class RuleParser {

    private final List<Token> tokens;
    private final MatcherCatalog catalog;
    private final Set<String> warnings = new LinkedHashSet<>();
    private int next;

    private RuleParser(List<Token> tokens, MatcherCatalog catalog) {
        this.tokens = tokens;
        this.catalog = catalog;
    }

    /**
     * @param syntax null means {@link RuleSyntax#V3}
     * @throws RuleException with a one-line message; positions in it are 1-based columns
     */
    public static Rule parse(String rule, RuleSyntax syntax) {
        if (rule == null || rule.isBlank()) {
            throw new RuleException("empty rule");
        }
        RuleSyntax effective = syntax == null ? RuleSyntax.V3 : syntax;
        RuleParser parser = new RuleParser(RuleLexer.tokenize(rule), MatcherCatalog.forSyntax(effective));
        Matcher root = parser.parseOr();
        Token last = parser.peek();
        if (last.type() != Token.Type.END) {
            throw parser.unexpected(last);
        }
        return new Rule(rule, effective, root, List.copyOf(parser.warnings));
    }

    private Matcher parseOr() {
        List<Matcher> parts = new ArrayList<>();
        parts.add(parseAnd());
        while (peek().type() == Token.Type.OR) {
            next++;
            parts.add(parseAnd());
        }
        return parts.size() == 1 ? parts.get(0) : new AnyOf(parts);
    }

    private Matcher parseAnd() {
        List<Matcher> parts = new ArrayList<>();
        parts.add(parseUnary());
        while (peek().type() == Token.Type.AND) {
            next++;
            parts.add(parseUnary());
        }
        return parts.size() == 1 ? parts.get(0) : new AllOf(parts);
    }

    private Matcher parseUnary() {
        Token token = take();
        switch (token.type()) {
            case NOT:
                return negate(parseUnary());
            case LEFT_PAREN:
                Matcher inner = parseOr();
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

    /** `!!a` is `a`; keeping the tree shallow keeps matching fast. */
    private static Matcher negate(Matcher operand) {
        return operand instanceof Not not ? not.operand() : new Not(operand);
    }

    private Matcher parseMatcher(Token name) {
        MatcherSpec spec = catalog.lookup(name.text());
        if (spec == null) {
            throw new RuleException("unknown matcher \"" + name.text() + "\" at " + name.position() + hint(name.text()));
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

    private List<String> parseArguments(MatcherSpec spec) {
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

    private String hint(String writtenName) {
        RuleSyntax other = catalog.syntax() == RuleSyntax.V3 ? RuleSyntax.V2 : RuleSyntax.V3;
        if (MatcherCatalog.forSyntax(other).lookup(writtenName) != null) {
            return " (it exists in " + other.name().toLowerCase(Locale.ROOT) + " syntax only)";
        }
        return "";
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
