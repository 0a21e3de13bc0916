package io.jetway.kube;

/**
 * Something wrong with one object. It disables only what it names: {@code element} is the
 * qualified router, service or middleware name it affects, or null when the whole object is skipped.
 * A {@linkplain #warning warning} names what it affects without disabling it (a router whose
 * certificate cannot be loaded still serves, with the default certificate).
 */
public record Problem(ObjectRef object, String element, String message) {

    private static final String WARNING_PREFIX = "warning: ";

    /** A problem that leaves its element enabled; the builder shows it as the element's warning. */
    public static Problem warning(ObjectRef object, String element, String message) {
        return new Problem(object, element, WARNING_PREFIX + message);
    }

    public boolean isWarning() {
        return message.startsWith(WARNING_PREFIX);
    }

    /** The message without the warning marker. */
    public String text() {
        return isWarning() ? message.substring(WARNING_PREFIX.length()) : message;
    }

    @Override
    public String toString() {
        return object + (element == null ? "" : " (" + element + ")") + ": " + message;
    }
}
