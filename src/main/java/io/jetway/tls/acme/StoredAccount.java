package io.jetway.tls.acme;

/**
 * An ACME account as kept in storage.
 *
 * @param email         the contact it was registered with; null for none
 * @param keyPairPem    the account key pair, PEM; a secret
 * @param location      the account URL the server gave; null before registration
 */
public record StoredAccount(String email, String keyPairPem, String location) {

    @Override
    public String toString() {
        return "StoredAccount[email=" + email + ", location=" + location + "]";
    }
}
