package io.jetway.routing.rule;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What is left of a rule to check once an index has matched the request's host exactly: the rule
 * without its {@code Host} operand, shared between the routers whose rest is the same. Most routers
 * of a host are {@code Host(h) && PathPrefix(p)} with a handful of distinct p, so thousands of
 * routers reduce to a few shared checks that stay in the CPU cache, and a request at 100,000 routes
 * does not chase each router's own rule, list and strings.
 *
 * <p>One instance per index being built: it remembers the checks it handed out; an index updated
 * from another continues with a {@link #copy()}.
 */
public final class HostlessChecks {

    private static final Rule ALWAYS = new Rule("", RuleSyntax.V3, new AllOf(List.of()), List.of());

    private final Map<Matcher, Rule> shared;

    public HostlessChecks() {
        this.shared = new HashMap<>();
    }

    private HostlessChecks(Map<Matcher, Rule> shared) {
        this.shared = new HashMap<>(shared);
    }

    /** A copy for an index made from another: it hands out the same checks, and remembers new ones apart. */
    public HostlessChecks copy() {
        return new HostlessChecks(shared);
    }

    /**
     * The check for requests whose canonical host equals {@code host} (as an exact-host index key):
     * the rule itself when it has no plain {@code Host(host)} operand at its top.
     */
    public Rule afterHost(Rule rule, String host) {
        // A key that cannot be a canonical request host ("" or with a trailing dot) keeps the whole rule,
        // so the host comparison it would have made still decides.
        if (host.isEmpty() || host.endsWith(".")) {
            return rule;
        }
        Matcher root = rule.root();
        if (isExactHost(root, host)) {
            return ALWAYS;
        }
        if (!(root instanceof AllOf all)) {
            return rule;
        }
        List<Matcher> rest = new ArrayList<>(all.parts());
        if (!rest.removeIf(part -> isExactHost(part, host))) {
            return rule;
        }
        Matcher residual = rest.size() == 1 ? rest.get(0) : new AllOf(rest);
        return shared.computeIfAbsent(residual, m -> new Rule(m.describe(), rule.syntax(), m, List.of()));
    }

    private static boolean isExactHost(Matcher matcher, String host) {
        return matcher instanceof HostMatcher h && h.isExactly(host);
    }
}
