package io.jetway.tls;

import io.jetway.util.CertifiedKey;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;

/**
 * The self-signed certificate served when nothing else matches and no TLSStore names a default,
 * like Traefik's {@code TRAEFIK DEFAULT CERT}: generated once at start, valid for a year.
 */
public final class GeneratedCertificate {

    public static final String COMMON_NAME = "JETWAY DEFAULT CERT";

    private GeneratedCertificate() {
    }

    public static CertifiedKey create() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            KeyPair pair = generator.generateKeyPair();
            Instant now = Instant.now();
            String hash = Long.toHexString(new SecureRandom().nextLong());
            // Traefik's generated certificate names a random .traefik.default host; so does this one.
            String host = hash + ".jetway.default";
            JcaX509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(new X500Name("CN=" + COMMON_NAME),
                    new BigInteger(64, new SecureRandom()), Date.from(now.minus(Duration.ofHours(1))),
                    Date.from(now.plus(Duration.ofDays(365))), new X500Name("CN=" + COMMON_NAME), pair.getPublic());
            builder.addExtension(Extension.subjectAlternativeName, false,
                    new GeneralNames(new GeneralName(GeneralName.dNSName, host)));
            X509Certificate certificate = new JcaX509CertificateConverter().getCertificate(
                    builder.build(new JcaContentSignerBuilder("SHA256withRSA").build(pair.getPrivate())));
            return new CertifiedKey(List.of(certificate), pair.getPrivate(), List.of(), "generated default certificate");
        } catch (GeneralSecurityException | org.bouncycastle.operator.OperatorCreationException
                 | org.bouncycastle.cert.CertIOException e) {
            throw new IllegalStateException("cannot generate the default certificate", e);
        }
    }
}
