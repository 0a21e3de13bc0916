package io.jetway.routing.rule;

/**
 * A rule that cannot be parsed. Unchecked: the builder catches it per router and disables only that
 * router, so callers deeper in the stack have nothing useful to do with it.
 */
public final class RuleException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public RuleException(String message) {
        super(message);
    }
}
