package io.jetway.translate.crd;

/** One reason an element cannot be translated; becomes a Problem on the object being translated. */
final class TranslationException extends RuntimeException {
    TranslationException(String message) {
        super(message);
    }
}
