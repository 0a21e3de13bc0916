package io.jetway.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * One ACME certificates resolver ({@code --certificatesresolvers.<name>.acme.*}).
 *
 * @param name                    the resolver's name, as routers refer to it ({@code tls.certResolver})
 * @param email                   the account's contact; null for none
 * @param storage                 where the account and certificates are kept
 * @param caServer                the ACME directory URL
 * @param httpChallengeEntryPoint the entry point that answers HTTP-01 challenges; null when HTTP-01 is off
 * @param tlsChallenge            whether TLS-ALPN-01 is used
 * @param caCertificates          PEM files trusted for the ACME server, beyond the JVM's trust store
 * @param keyType                 the key type of the certificates
 * @param certificatesDuration    the certificates' expected lifetime (Traefik's {@code certificatesDuration}, hours)
 * @param preferredChain          the issuer common name of the preferred alternate chain; null for the default chain
 * @param eabKid                  external account binding key identifier; null for none
 * @param eabHmacEncoded          external account binding MAC key (base64url); null for none. A secret.
 */
public record CertificateResolverConfig(String name, String email, Storage storage, String caServer,
                                        String httpChallengeEntryPoint, boolean tlsChallenge, List<Path> caCertificates,
                                        AcmeKeyType keyType, Duration certificatesDuration, String preferredChain,
                                        String eabKid, String eabHmacEncoded) {

    public static final String LETS_ENCRYPT_PRODUCTION = "https://acme-v02.api.letsencrypt.org/directory";
    public static final String DEFAULT_STORAGE = "acme.json";
    public static final Duration DEFAULT_DURATION = Duration.ofHours(2160);

    public CertificateResolverConfig {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(storage, "storage");
        Objects.requireNonNull(caServer, "caServer");
        Objects.requireNonNull(keyType, "keyType");
        Objects.requireNonNull(certificatesDuration, "certificatesDuration");
        caCertificates = List.copyOf(caCertificates);
    }

    /**
     * Where a resolver keeps its account and certificates: a file, or (with Kubernetes) a Secret.
     *
     * @param secretNamespace null for {@code secret:<name>}: Jetway's own namespace ({@code POD_NAMESPACE})
     */
    public record Storage(Path file, String secretNamespace, String secretName) {

        static final String SECRET_PREFIX = "secret:";

        public static Storage file(Path file) {
            return new Storage(file, null, null);
        }

        public boolean isSecret() {
            return secretName != null;
        }

        /** {@code acme.json} (a file path), {@code secret:<namespace>/<name>} or {@code secret:<name>}. */
        static Storage parse(String value) {
            if (!value.startsWith(SECRET_PREFIX)) {
                return file(Path.of(value));
            }
            String ref = value.substring(SECRET_PREFIX.length());
            int slash = ref.indexOf('/');
            String namespace = slash < 0 ? null : ref.substring(0, slash);
            String name = ref.substring(slash + 1);
            if (!isDnsName(name) || (namespace != null && !isDnsName(namespace))) {
                throw new IllegalArgumentException("invalid storage \"" + value
                        + "\" (expected a file path, secret:<namespace>/<name> or secret:<name>)");
            }
            return new Storage(null, namespace, name);
        }

        /** A Kubernetes object name: lower-case letters, digits, '-' and '.', alphanumeric at both ends. */
        private static boolean isDnsName(String s) {
            return s.length() <= 253 && s.matches("[a-z0-9]([-a-z0-9.]*[a-z0-9])?");
        }

        @Override
        public String toString() {
            return isSecret() ? SECRET_PREFIX + (secretNamespace == null ? "" : secretNamespace + "/") + secretName : file.toString();
        }
    }

    @Override
    public String toString() {
        // Without the EAB MAC key: configurations end up in logs.
        return "CertificateResolverConfig[name=" + name + ", email=" + email + ", storage=" + storage + ", caServer=" + caServer
                + ", httpChallengeEntryPoint=" + httpChallengeEntryPoint + ", tlsChallenge=" + tlsChallenge
                + ", keyType=" + keyType + ", certificatesDuration=" + certificatesDuration + "]";
    }
}
