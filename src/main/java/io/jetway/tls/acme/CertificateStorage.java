package io.jetway.tls.acme;

import io.jetway.dynamic.TlsDomain;

import java.io.IOException;

/**
 * Where resolvers keep their accounts and certificates, so that a restart does not order again.
 * A Kubernetes Secret store shared by replicas plugs in here, together with {@link #mayOrder()}: only
 * the replica holding the lease orders and renews, the others serve what the store holds.
 */
public interface CertificateStorage {

    /** What the resolver stored, {@link StoredResolver#EMPTY} when nothing yet. */
    StoredResolver load(String resolver) throws IOException;

    /** Replaces what the resolver stored. */
    void save(String resolver, StoredResolver data) throws IOException;

    /** Whether this replica may place orders now (a leader gate); a single instance always may. */
    default boolean mayOrder() {
        return true;
    }

    /** A short description for logs and errors, e.g. the file path. */
    String describe();

    /**
     * Asks to be told (on the storage's thread; the listener must return at once) when what
     * {@link #load} returns or what {@link #mayOrder()} answers may have changed: another replica
     * stored a certificate, or this one became the leader. A file storage never tells.
     */
    default void addListener(Runnable changed) {
    }

    /**
     * Makes an HTTP-01 answer visible to the other replicas (whichever one the ACME server reaches
     * answers it) before the challenge is triggered; a storage of one instance has nothing to do.
     */
    default void shareHttpChallenge(String token, String keyAuthorization) throws IOException {
    }

    /** Withdraws what {@link #shareHttpChallenge} shared. */
    default void withdrawHttpChallenge(String token) throws IOException {
    }

    /**
     * The URL of an order placed for these domains and perhaps not finished (its leader stopped), for
     * the next leader to continue; null when none is known. A storage of one instance keeps none.
     */
    default String pendingOrder(String resolver, TlsDomain domain) {
        return null;
    }

    /** Remembers the URL of an order just placed (see {@link #pendingOrder}). */
    default void rememberOrder(String resolver, TlsDomain domain, String orderUrl) throws IOException {
    }

    /** An HTTP-01 answer another replica shared, or null. Called on request threads: answers quickly. */
    default String sharedKeyAuthorization(String token) {
        return null;
    }

    /** A storage that cannot be used yet; every load fails with this reason. */
    static CertificateStorage unavailable(String description, String reason) {
        return new CertificateStorage() {
            @Override
            public StoredResolver load(String resolver) throws IOException {
                throw new IOException(reason);
            }

            @Override
            public void save(String resolver, StoredResolver data) throws IOException {
                throw new IOException(reason);
            }

            @Override
            public boolean mayOrder() {
                return false;
            }

            @Override
            public String describe() {
                return description;
            }
        };
    }
}
