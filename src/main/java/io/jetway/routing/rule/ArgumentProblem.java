package io.jetway.routing.rule;

/**
 * A matcher refused its arguments; the parser prefixes the matcher's name and rethrows a
 * {@link RuleException}. Public for the other rule languages' matcher factories (TCP).
 */
public final class ArgumentProblem extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public ArgumentProblem(String message) {
        super(message, null, false, false);
    }
}
