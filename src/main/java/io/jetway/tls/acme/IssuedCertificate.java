package io.jetway.tls.acme;

import io.jetway.dynamic.TlsCertificate;
import io.jetway.dynamic.TlsDomain;

import java.time.Instant;
import java.util.List;

/**
 * A certificate an ACME resolver holds for a set of domains.
 *
 * @param resolver    the resolver's name
 * @param domain      the main domain and SANs it was ordered for
 * @param certificate the PEM chain and key, ready for the TLS store
 * @param notBefore   start of validity of the leaf
 * @param notAfter    end of validity of the leaf
 * @param origin      whether it was just ordered, renewed, or read back from storage
 */
public record IssuedCertificate(String resolver, TlsDomain domain, TlsCertificate certificate, Instant notBefore,
                                Instant notAfter, Origin origin) {

    public enum Origin { ISSUED, RENEWED, STORED }

    /** All names the certificate was ordered for: main first, then the SANs. */
    public List<String> names() {
        return CertificateDomains.names(domain);
    }
}
