package io.jetway.tls.acme;

import io.jetway.dynamic.TlsDomain;

import java.util.ArrayList;
import java.util.List;

/**
 * What one resolver keeps in storage: its account and its certificates.
 *
 * @param account null before the first registration
 */
public record StoredResolver(StoredAccount account, List<StoredCertificate> certificates) {

    public static final StoredResolver EMPTY = new StoredResolver(null, List.of());

    public StoredResolver {
        certificates = List.copyOf(certificates);
    }

    public StoredResolver withAccount(StoredAccount newAccount) {
        return new StoredResolver(newAccount, certificates);
    }

    /** Replaces the certificate for the same domains, or adds it. */
    public StoredResolver withCertificate(StoredCertificate certificate) {
        List<StoredCertificate> next = new ArrayList<>();
        for (StoredCertificate c : certificates) {
            if (!c.domain().equals(certificate.domain())) {
                next.add(c);
            }
        }
        next.add(certificate);
        return new StoredResolver(account, next);
    }

    public StoredCertificate certificate(TlsDomain domain) {
        return certificates.stream().filter(c -> c.domain().equals(domain)).findFirst().orElse(null);
    }
}
