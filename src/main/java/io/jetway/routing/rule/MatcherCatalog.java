package io.jetway.routing.rule;

import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The matcher names of one syntax, findable as declared, lowercase, UPPERCASE or Titlecase. */
final class MatcherCatalog {

    private final RuleSyntax syntax;
    private final Map<String, MatcherSpec> byWrittenName;

    MatcherCatalog(RuleSyntax syntax, List<MatcherSpec> specs) {
        this.syntax = syntax;
        Map<String, MatcherSpec> names = new HashMap<>();
        for (MatcherSpec spec : specs) {
            for (String variant : spellings(spec.name())) {
                names.put(variant, spec);
            }
        }
        this.byWrittenName = Map.copyOf(names);
    }

    static MatcherCatalog forSyntax(RuleSyntax syntax) {
        return syntax == RuleSyntax.V2 ? V2Matchers.CATALOG : V3Matchers.CATALOG;
    }

    /** The matcher for a name as written in a rule, or null if this syntax has no such name. */
    MatcherSpec lookup(String writtenName) {
        return byWrittenName.get(writtenName);
    }

    RuleSyntax syntax() {
        return syntax;
    }

    private static List<String> spellings(String declared) {
        String lower = declared.toLowerCase(Locale.ROOT);
        return List.of(declared, lower, declared.toUpperCase(Locale.ROOT),
                Character.toUpperCase(lower.charAt(0)) + lower.substring(1));
    }
}
