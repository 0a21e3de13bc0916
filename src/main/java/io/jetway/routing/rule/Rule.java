package io.jetway.routing.rule;

import java.util.List;

/** A parsed, immutable router rule. Thread-safe; {@link #matches} is on the request path. */
public final class Rule {

    private final String text;
    private final RuleSyntax syntax;
    private final Matcher root;
    private final List<String> warnings;
    private final HostKeys hostKeys;
    private final PathKeys pathKeys;

    Rule(String text, RuleSyntax syntax, Matcher root, List<String> warnings) {
        this.text = text;
        this.syntax = syntax;
        this.root = root;
        this.warnings = List.copyOf(warnings);
        this.hostKeys = root.hostKeys();
        this.pathKeys = root.pathKeys();
    }

    public boolean matches(RequestView request) {
        return root.matches(request);
    }

    /** Why the request does not match, or null when it does (for explanations, not the request path). */
    public String whyNot(RequestView request) {
        return root.whyNot(request);
    }

    /** The rule as written; its length is the default priority. */
    public String text() {
        return text;
    }

    public RuleSyntax syntax() {
        return syntax;
    }

    /** Things worth telling the user that do not stop the rule from working, e.g. v2 names in v3. */
    public List<String> warnings() {
        return warnings;
    }

    Matcher root() {
        return root;
    }

    /** Hosts any matching request must have; {@link HostKeys#ANY} when it cannot be indexed. */
    public HostKeys hostKeys() {
        return hostKeys;
    }

    /** Routing-path prefixes any matching request must have; {@link PathKeys#ANY} when it cannot be indexed. */
    public PathKeys pathKeys() {
        return pathKeys;
    }

    @Override
    public String toString() {
        return text;
    }
}
