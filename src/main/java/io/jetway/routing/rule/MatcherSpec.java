package io.jetway.routing.rule;

import java.util.List;
import java.util.function.Function;

/**
 * One matcher name of a rule language: how many arguments it takes and how it is built.
 *
 * @param <M>         the language's matcher type ({@link Matcher} for HTTP)
 * @param maxArgs     {@link #UNBOUNDED} for v2's "one or more"
 * @param factory     builds the matcher; it may throw {@link ArgumentProblem}, which the parser
 *                    reports prefixed with the matcher's name
 * @param replacement for a v2 name accepted in v3: the v3 name to suggest in a warning, else null
 */
public record MatcherSpec<M>(String name, int minArgs, int maxArgs, Function<List<String>, M> factory,
                             String replacement) {

    public static final int UNBOUNDED = Integer.MAX_VALUE;

    public static <M> MatcherSpec<M> of(String name, int minArgs, int maxArgs, Function<List<String>, M> factory) {
        return new MatcherSpec<>(name, minArgs, maxArgs, factory, null);
    }

    MatcherSpec<M> aliasedAs(String aliasName, String useInstead) {
        return new MatcherSpec<>(aliasName, minArgs, maxArgs, factory, useInstead);
    }

    /** e.g. "expected 1 argument", "expected 1 or 2 arguments", "expected at least 1 argument". */
    String expectedArguments() {
        if (maxArgs == UNBOUNDED) {
            return "expected at least " + minArgs + (minArgs == 1 ? " argument" : " arguments");
        }
        if (minArgs == maxArgs) {
            return "expected " + minArgs + (minArgs == 1 ? " argument" : " arguments");
        }
        return "expected " + minArgs + " or " + maxArgs + " arguments";
    }
}
