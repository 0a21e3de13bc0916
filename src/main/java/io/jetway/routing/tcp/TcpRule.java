package io.jetway.routing.tcp;

import io.jetway.routing.rule.RuleException;
import io.jetway.routing.rule.RuleGrammar;
import io.jetway.routing.rule.RuleSyntax;

import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** A parsed, immutable TCP router rule. Thread-safe; {@link #matches} is on the connection path. */
public final class TcpRule {

    private final String text;
    private final RuleSyntax syntax;
    private final TcpMatcher root;
    private final boolean catchAll;
    private final boolean needsTls;
    private final Set<String> exactServerNames;

    private TcpRule(String text, RuleSyntax syntax, TcpMatcher root, TcpRuleShape shape) {
        this.text = text;
        this.syntax = syntax;
        this.root = root;
        this.catchAll = shape.isCatchAll();
        List<String> hostSnis = shape.hostSniValues();
        this.needsTls = hostSnis.stream().anyMatch(value -> !value.equals("*"))
                || shape.calls("HostSNIRegexp") || shape.calls("ALPN");
        Set<String> names = new LinkedHashSet<>();
        for (String value : hostSnis) {
            if (!value.equals("*")) {
                names.add(value.endsWith(".") ? value.substring(0, value.length() - 1) : value);
            }
        }
        this.exactServerNames = Collections.unmodifiableSet(names);
    }

    /**
     * @param syntax null, "", "v3" or "default" (what Traefik's Gateway provider writes) for v3;
     *               "v2" for the deprecated v2 syntax
     * @throws TcpRuleException with a one-line message for an empty or malformed rule, an unknown
     *                          matcher, a wrong number of arguments or a bad argument
     */
    public static TcpRule parse(String rule, String syntax) {
        RuleSyntax parsedSyntax = syntaxOf(syntax);
        try {
            TcpMatcher root = RuleGrammar.parse(rule, TcpMatchers.language(parsedSyntax)).root();
            return new TcpRule(rule, parsedSyntax, root, TcpRuleShape.parse(rule));
        } catch (RuleException e) {
            throw new TcpRuleException(e.getMessage());
        }
    }

    private static RuleSyntax syntaxOf(String syntax) {
        if (syntax == null || syntax.isEmpty() || syntax.equals("v3") || syntax.equals("default")) {
            return RuleSyntax.V3;
        }
        if (syntax.equals("v2")) {
            return RuleSyntax.V2;
        }
        throw new TcpRuleException("unknown rule syntax \"" + syntax + "\" (expected v3 or v2)");
    }

    public boolean matches(TcpConnectionInfo connection) {
        return root.matches(connection);
    }

    /** Why the connection does not match, for explanations; null when it matches. */
    public String whyNot(TcpConnectionInfo connection) {
        return root.whyNot(connection);
    }

    /**
     * The rule is exactly one `HostSNI(`*`)` (any quoting, spacing or parentheses). Such a router
     * is tried after every other one, HTTPS catch-alls included, and its default priority is -1.
     */
    public boolean isCatchAll() {
        return catchAll;
    }

    /**
     * The rule names a `HostSNI` other than `*`, a `HostSNIRegexp` or an `ALPN`, which look at
     * the ClientHello, so a connection without TLS can only match them through a negation or an
     * empty SNI. Traefik refuses a router without `tls` only for the narrower reason in
     * {@link TcpRouterChecks}: its first `HostSNI` value is not `*`.
     */
    public boolean needsTls() {
        return needsTls;
    }

    /**
     * The `HostSNI` names in the rule other than `*`, lowercased, one trailing dot dropped,
     * wildcards kept as `*.example.com`, in the order written. Negated ones are included, so this is
     * what the rule talks about (e.g. for certificates), not a set the SNI must be in.
     */
    public Set<String> exactServerNames() {
        return exactServerNames;
    }

    public String text() {
        return text;
    }

    public RuleSyntax syntax() {
        return syntax;
    }

    @Override
    public String toString() {
        return text;
    }
}
