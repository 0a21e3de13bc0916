package io.jetway.util;

import javax.naming.InvalidNameException;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;

/**
 * A certificate chain with the private key of its first certificate, checked to belong together,
 * and the DNS names it serves (its DNS SANs, or its CN when it has none).
 *
 * @param source where it came from, for logs and problems (never the key)
 */
public record CertifiedKey(List<X509Certificate> chain, PrivateKey key, List<String> names, String source) {

    public CertifiedKey {
        chain = List.copyOf(chain);
        names = List.copyOf(names);
    }

    /** Parses and checks a PEM pair; IllegalArgumentException says what is wrong. */
    public static CertifiedKey parse(String certificatePem, String keyPem, String source) {
        List<X509Certificate> chain;
        try {
            chain = Pem.certificates(certificatePem);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("tls.crt: " + e.getMessage());
        }
        PrivateKey key;
        try {
            key = Pem.privateKey(keyPem);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("tls.key: " + e.getMessage());
        }
        checkPair(chain.get(0), key);
        return new CertifiedKey(chain, key, namesOf(chain.get(0)), source);
    }

    public X509Certificate leaf() {
        return chain.get(0);
    }

    /** The JSSE key type this key serves: RSA, EC or EdDSA. */
    public String keyType() {
        String algorithm = key.getAlgorithm();
        return algorithm.equals("Ed25519") || algorithm.equals("Ed448") ? "EdDSA" : algorithm;
    }

    public boolean expiredAt(Instant now) {
        return leaf().getNotAfter().toInstant().isBefore(now);
    }

    /** The subject's common name, or "" when it has none. */
    public String commonName() {
        return commonName(leaf());
    }

    private static String commonName(X509Certificate certificate) {
        try {
            for (Rdn rdn : new LdapName(certificate.getSubjectX500Principal().getName()).getRdns()) {
                if (rdn.getType().equalsIgnoreCase("CN")) {
                    return String.valueOf(rdn.getValue());
                }
            }
        } catch (InvalidNameException e) {
            return "";
        }
        return "";
    }

    private static List<String> dnsSans(X509Certificate certificate) {
        List<String> names = new ArrayList<>();
        try {
            Collection<List<?>> sans = certificate.getSubjectAlternativeNames();
            if (sans != null) {
                for (List<?> san : sans) {
                    if (Integer.valueOf(2).equals(san.get(0))) {
                        names.add(String.valueOf(san.get(1)).toLowerCase(Locale.ROOT));
                    }
                }
            }
        } catch (CertificateParsingException e) {
            return List.of();
        }
        return names;
    }

    private static List<String> namesOf(X509Certificate certificate) {
        List<String> sans = dnsSans(certificate);
        if (!sans.isEmpty()) {
            return sans;
        }
        String cn = commonName(certificate);
        return cn.isEmpty() ? List.of() : List.of(cn.toLowerCase(Locale.ROOT));
    }

    /** Signs a probe with the key and verifies it with the certificate's public key. */
    private static void checkPair(X509Certificate certificate, PrivateKey key) {
        String algorithm = switch (key.getAlgorithm()) {
            case "RSA" -> "SHA256withRSA";
            case "EC" -> "SHA256withECDSA";
            case "Ed25519", "EdDSA" -> "Ed25519";
            case "Ed448" -> "Ed448";
            default -> throw new IllegalArgumentException("tls.key: unsupported key algorithm " + key.getAlgorithm());
        };
        byte[] probe = "jetway key check".getBytes(StandardCharsets.US_ASCII);
        boolean matches;
        try {
            Signature signer = Signature.getInstance(algorithm);
            signer.initSign(key);
            signer.update(probe);
            byte[] signature = signer.sign();
            Signature verifier = Signature.getInstance(algorithm);
            verifier.initVerify(certificate.getPublicKey());
            verifier.update(probe);
            matches = verifier.verify(signature);
        } catch (GeneralSecurityException | RuntimeException e) {
            matches = false;
        }
        if (!matches) {
            throw new IllegalArgumentException("tls.key does not match the certificate in tls.crt");
        }
    }
}
