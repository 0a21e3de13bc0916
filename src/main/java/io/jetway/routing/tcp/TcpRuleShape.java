package io.jetway.routing.tcp;

import io.jetway.routing.rule.MatcherCatalog;
import io.jetway.routing.rule.MatcherSpec;
import io.jetway.routing.rule.RuleException;
import io.jetway.routing.rule.RuleGrammar;
import io.jetway.routing.rule.RuleLanguage;
import io.jetway.routing.rule.RuleSyntax;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A TCP rule's structure with its values unchecked: what Traefik reads of a rule before building
 * it, to compute the default priority (`GetRulePriority`) and to check a router (`ParseHostSNI` in
 * the router manager). Any number of arguments is accepted here; the syntax's own checks come
 * when the rule is built.
 */
sealed interface TcpRuleShape {

    /** One matcher as called, under its declared name (however the rule spelled it). */
    record Call(String matcher, List<String> args) implements TcpRuleShape {
    }

    /** `&&` or `||`: which does not matter to the questions asked here. */
    record Combined(List<TcpRuleShape> parts) implements TcpRuleShape {
    }

    record Negated(TcpRuleShape operand) implements TcpRuleShape {
    }

    /** @throws RuleException for a rule that does not parse or names an unknown matcher */
    static TcpRuleShape parse(String rule) {
        return RuleGrammar.parse(rule, ShapeLanguage.INSTANCE).root();
    }

    /**
     * Exactly one `HostSNI(`*`)`, however quoted, spaced or parenthesised. Traefik puts a `!` on
     * the matcher without looking at it here, so `!HostSNI(`*`)` counts too (it matches nothing).
     */
    static boolean isCatchAll(String rule) {
        try {
            return parse(rule).isCatchAll();
        } catch (RuleException e) {
            return false;
        }
    }

    default boolean isCatchAll() {
        TcpRuleShape shape = this;
        while (shape instanceof Negated negated) {
            shape = negated.operand();
        }
        return shape instanceof Call call && call.matcher().equals("HostSNI") && call.args().equals(List.of("*"));
    }

    /** Every argument of every `HostSNI` in the rule, lowercased, in the order written. */
    default List<String> hostSniValues() {
        List<String> values = new ArrayList<>();
        collect(this, "HostSNI", values);
        return values;
    }

    /** Whether the rule calls this matcher anywhere, negated or not. */
    default boolean calls(String matcher) {
        List<String> args = new ArrayList<>();
        return collect(this, matcher, args);
    }

    private static boolean collect(TcpRuleShape shape, String matcher, List<String> values) {
        if (shape instanceof Negated negated) {
            return collect(negated.operand(), matcher, values);
        }
        if (shape instanceof Combined combined) {
            boolean found = false;
            for (TcpRuleShape part : combined.parts()) {
                found |= collect(part, matcher, values);
            }
            return found;
        }
        Call call = (Call) shape;
        if (!call.matcher().equals(matcher)) {
            return false;
        }
        call.args().forEach(arg -> values.add(arg.toLowerCase(Locale.ROOT)));
        return true;
    }

    /** The four TCP names, any number of arguments, nothing checked. */
    enum ShapeLanguage implements RuleLanguage<TcpRuleShape> {
        INSTANCE;

        private static final MatcherCatalog<TcpRuleShape> NAMES = new MatcherCatalog<>(RuleSyntax.V3,
                List.of(call("HostSNI"), call("HostSNIRegexp"), call("ClientIP"), call("ALPN")));

        private static MatcherSpec<TcpRuleShape> call(String name) {
            return MatcherSpec.of(name, 0, MatcherSpec.UNBOUNDED, args -> new Call(name, List.copyOf(args)));
        }

        @Override
        public MatcherSpec<TcpRuleShape> lookup(String writtenName) {
            return NAMES.lookup(writtenName);
        }

        @Override
        public String unknownNameHint(String writtenName) {
            return TcpMatchers.KNOWN_NAMES;
        }

        @Override
        public TcpRuleShape allOf(List<TcpRuleShape> parts) {
            return new Combined(List.copyOf(parts));
        }

        @Override
        public TcpRuleShape anyOf(List<TcpRuleShape> parts) {
            return new Combined(List.copyOf(parts));
        }

        @Override
        public TcpRuleShape not(TcpRuleShape operand) {
            return new Negated(operand);
        }
    }
}
