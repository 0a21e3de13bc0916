package io.jetway.routing.rule;

import java.util.List;
import java.util.Locale;

/** Parses an HTTP router rule into a {@link Rule}; the grammar is {@link RuleGrammar}'s. */
public final class RuleParser {

    private RuleParser() {
    }

    /**
     * @param syntax null means {@link RuleSyntax#V3}
     * @throws RuleException with a one-line message; positions in it are 1-based columns
     */
    public static Rule parse(String rule, RuleSyntax syntax) {
        RuleSyntax effective = syntax == null ? RuleSyntax.V3 : syntax;
        RuleGrammar.Parsed<Matcher> parsed = RuleGrammar.parse(rule, new HttpLanguage(MatcherCatalog.forSyntax(effective)));
        return new Rule(rule, effective, parsed.root(), parsed.warnings());
    }

    /** The HTTP matchers of one syntax. */
    private record HttpLanguage(MatcherCatalog<Matcher> catalog) implements RuleLanguage<Matcher> {

        @Override
        public MatcherSpec<Matcher> lookup(String writtenName) {
            return catalog.lookup(writtenName);
        }

        @Override
        public String unknownNameHint(String writtenName) {
            RuleSyntax other = catalog.syntax() == RuleSyntax.V3 ? RuleSyntax.V2 : RuleSyntax.V3;
            if (MatcherCatalog.forSyntax(other).lookup(writtenName) != null) {
                return " (it exists in " + other.name().toLowerCase(Locale.ROOT) + " syntax only)";
            }
            return "";
        }

        @Override
        public Matcher allOf(List<Matcher> parts) {
            return new AllOf(parts);
        }

        @Override
        public Matcher anyOf(List<Matcher> parts) {
            return new AnyOf(parts);
        }

        /** `!!a` is `a`; keeping the tree shallow keeps matching fast. */
        @Override
        public Matcher not(Matcher operand) {
            return operand instanceof Not not ? not.operand() : new Not(operand);
        }
    }
}
