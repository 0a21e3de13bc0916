package io.jetway.translate.crd;

/** One reason an element cannot be translated; becomes a Problem on the object being translated. */
public final class TranslationException extends RuntimeException {
    public TranslationException(String message) {
        super(message);
    }
}
