package io.jetway.routing.rule;

import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The matcher names of one syntax, findable as declared, lowercase, UPPERCASE or Titlecase (the
 * spellings Traefik registers for HTTP and TCP alike).
 *
 * @param <M> the language's matcher type
 */
public final class MatcherCatalog<M> {

    private final RuleSyntax syntax;
    private final Map<String, MatcherSpec<M>> byWrittenName;

    public MatcherCatalog(RuleSyntax syntax, List<MatcherSpec<M>> specs) {
        this.syntax = syntax;
        Map<String, MatcherSpec<M>> names = new HashMap<>();
        for (MatcherSpec<M> spec : specs) {
            for (String variant : spellings(spec.name())) {
                names.put(variant, spec);
            }
        }
        this.byWrittenName = Map.copyOf(names);
    }

    static MatcherCatalog<Matcher> forSyntax(RuleSyntax syntax) {
        return syntax == RuleSyntax.V2 ? V2Matchers.CATALOG : V3Matchers.CATALOG;
    }

    /** The matcher for a name as written in a rule, or null if this syntax has no such name. */
    public MatcherSpec<M> lookup(String writtenName) {
        return byWrittenName.get(writtenName);
    }

    public RuleSyntax syntax() {
        return syntax;
    }

    private static List<String> spellings(String declared) {
        String lower = declared.toLowerCase(Locale.ROOT);
        return List.of(declared, lower, declared.toUpperCase(Locale.ROOT),
                Character.toUpperCase(lower.charAt(0)) + lower.substring(1));
    }
}
