package io.jetway.model;

/**
 * Something wrong with one object. It disables only what it names: {@code element} is the
 * qualified router, service or middleware name it affects, or null when the whole object is skipped.
 */
public record Problem(ObjectRef object, String element, String message) {

    @Override
    public String toString() {
        return object + (element == null ? "" : " (" + element + ")") + ": " + message;
    }
}
