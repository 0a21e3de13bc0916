/**
 * Traefik's TCP rule language: {@code HostSNI}, {@code HostSNIRegexp}, {@code ClientIP} and
 * {@code ALPN} combined with {@code &&}, {@code ||}, {@code !} and parentheses, in the v3 syntax and
 * the deprecated v2 one.
 *
 * <p>{@link io.jetway.routing.tcp.TcpRule} parses a rule (with the grammar the HTTP rules use,
 * {@link io.jetway.routing.rule.RuleGrammar}) and matches it against a connection's
 * {@link io.jetway.routing.tcp.TcpConnectionInfo}; {@link io.jetway.routing.tcp.TcpPriority} orders
 * rules; {@link io.jetway.routing.tcp.TcpRouterChecks} lists the errors that disable a TCP router.
 */
package io.jetway.routing.tcp;
