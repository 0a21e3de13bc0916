/**
 * Traefik's HTTP rule language (v3, and v2 for routes that ask for it).
 *
 * <p>{@link io.jetway.routing.rule.RuleParser} turns rule text into an immutable
 * {@link io.jetway.routing.rule.Rule}: a tree of small matchers with precompiled patterns, evaluated
 * against a {@link io.jetway.routing.rule.RequestView}. The data plane builds that view with
 * {@link io.jetway.routing.rule.HostNames} and {@link io.jetway.routing.rule.RoutingPath}; the routing
 * table orders rules with {@link io.jetway.routing.rule.Priority} and indexes them by
 * {@link io.jetway.routing.rule.HostKeys}.
 *
 * <p>The grammar (strings, operators, parentheses) is {@link io.jetway.routing.rule.RuleGrammar}'s,
 * shared with the TCP rules of {@code io.jetway.routing.tcp}, which bring their own
 * {@link io.jetway.routing.rule.RuleLanguage}.
 */
package io.jetway.routing.rule;
