package io.jetway.routing.rule;

import java.util.List;

/**
 * What {@link RuleGrammar} needs to know of a rule language (HTTP routers, TCP routers): its
 * matcher names and how to combine matchers. The grammar itself (strings, operators, parentheses)
 * is the same for every language, as in Traefik, where both use one expression parser.
 *
 * @param <M> the language's matcher type
 */
public interface RuleLanguage<M> {

    /** The matcher a name as written in a rule stands for, or null when the language has none. */
    MatcherSpec<M> lookup(String writtenName);

    /** Appended to "unknown matcher ..." to help the user, e.g. " (it exists in v2 syntax only)". */
    default String unknownNameHint(String writtenName) {
        return "";
    }

    /** `a && b && ...`, with at least two operands. */
    M allOf(List<M> parts);

    /** `a || b || ...`, with at least two operands. */
    M anyOf(List<M> parts);

    /** `!a`. */
    M not(M operand);
}
