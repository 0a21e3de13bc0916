package io.jetway.tls.acme;

import io.jetway.dynamic.TlsDomain;

import java.time.Instant;

/**
 * Where a resolver stands for one certificate, for the API and the routers that use it.
 *
 * @param state       see {@link State}
 * @param error       the last failure, one line; null when the last attempt succeeded or none was made
 * @param failures    consecutive failed attempts
 * @param nextAttempt when the next order or retry is due; null when nothing is due
 * @param notAfter    the end of validity of the certificate held; null when none
 */
public record DomainStatus(String resolver, TlsDomain domain, State state, String error, int failures,
                           Instant nextAttempt, Instant notAfter) {

    public enum State {
        /** Not ordered yet (or an order in progress). */
        PENDING,
        /** A valid certificate is held and served. */
        VALID,
        /** A certificate is held and being renewed. */
        RENEWING,
        /** The last attempt failed; retried at {@code nextAttempt}. */
        ERROR
    }
}
