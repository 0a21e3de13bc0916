package io.jetway.util;

import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.sec.ECPrivateKey;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

import java.math.BigInteger;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/** A private CA and the certificates it issues, in memory, for TLS tests. */
public final class TestCertificates {

    public static final char[] PASSWORD = "test".toCharArray();
    private static final AtomicLong SERIAL = new AtomicLong(System.currentTimeMillis());

    /** A key pair and its certificate, issued by {@code issuer} (null for a root). */
    public record Issued(KeyPair keys, X509Certificate certificate, Issued issuer) {

        public String certificatePem() {
            return pem("CERTIFICATE", encoded(certificate));
        }

        /** This certificate followed by its issuers' up to (not including) the root, as servers send them. */
        public String chainPem() {
            StringBuilder chain = new StringBuilder();
            for (Issued i = this; i != null && i.issuer() != null; i = i.issuer()) {
                chain.append(i.certificatePem());
            }
            return chain.length() == 0 ? certificatePem() : chain.toString();
        }

        /** PKCS#8 ({@code PRIVATE KEY}). */
        public String privateKeyPem() {
            return pem("PRIVATE KEY", keys.getPrivate().getEncoded());
        }

        /** The traditional form openssl writes: PKCS#1 for RSA, SEC1 with its named curve for EC. */
        public String traditionalPrivateKeyPem() {
            try {
                PrivateKeyInfo info = PrivateKeyInfo.getInstance(keys.getPrivate().getEncoded());
                if (keys.getPrivate() instanceof java.security.interfaces.ECPrivateKey ec) {
                    // The JDK's PKCS#8 keeps the curve outside the SEC1 key; openssl puts it inside.
                    ECPrivateKey sec1 = new ECPrivateKey(256, ec.getS(), info.getPrivateKeyAlgorithm().getParameters());
                    return pem("EC PRIVATE KEY", sec1.getEncoded());
                }
                return pem("RSA PRIVATE KEY", info.parsePrivateKey().toASN1Primitive().getEncoded());
            } catch (java.io.IOException e) {
                throw new IllegalStateException(e);
            }
        }

        /** A key store holding this key with its chain, for a test server (password {@link #PASSWORD}). */
        public KeyStore keyStore() throws Exception {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            List<X509Certificate> chain = new ArrayList<>();
            for (Issued i = this; i != null; i = i.issuer()) {
                chain.add(i.certificate());
            }
            store.setKeyEntry("key", keys.getPrivate(), PASSWORD, chain.toArray(X509Certificate[]::new));
            return store;
        }

        /** A trust store holding this certificate. */
        public KeyStore trustStore() throws Exception {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            store.setCertificateEntry("ca", certificate);
            return store;
        }
    }

    private TestCertificates() {
    }

    public static Issued ca(String commonName) throws Exception {
        KeyPair keys = ecKeys();
        X500Name name = new X500Name("CN=" + commonName);
        X509v3CertificateBuilder builder = builder(name, name, keys);
        builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
        builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
        return new Issued(keys, sign(builder, keys), null); // a root has no issuer above it
    }

    /**
     * A leaf certificate. {@code names} are DNS names, IP literals (digits and dots) or URIs
     * (containing "://"), each put in the right kind of SAN.
     */
    public static Issued issue(Issued ca, String commonName, boolean rsa, String... names) throws Exception {
        KeyPair keys = rsa ? rsaKeys() : ecKeys();
        X509v3CertificateBuilder builder = builder(X500Name.getInstance(ca.certificate().getSubjectX500Principal().getEncoded()),
                new X500Name("CN=" + commonName), keys);
        List<GeneralName> sans = new ArrayList<>();
        for (String n : names) {
            if (n.contains("://")) {
                sans.add(new GeneralName(GeneralName.uniformResourceIdentifier, n));
            } else if (n.matches("[0-9.]+")) {
                sans.add(new GeneralName(GeneralName.iPAddress, n));
            } else {
                sans.add(new GeneralName(GeneralName.dNSName, n));
            }
        }
        if (!sans.isEmpty()) {
            builder.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(sans.toArray(GeneralName[]::new)));
        }
        builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
        return new Issued(keys, sign(builder, ca.keys()), ca);
    }

    /** A leaf (EC, DNS SANs) whose validity ended an hour ago. */
    public static Issued expired(Issued ca, String commonName, String... dnsNames) throws Exception {
        KeyPair keys = ecKeys();
        Instant now = Instant.now();
        X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(
                X500Name.getInstance(ca.certificate().getSubjectX500Principal().getEncoded()),
                BigInteger.valueOf(SERIAL.incrementAndGet()), Date.from(now.minus(2, ChronoUnit.DAYS)),
                Date.from(now.minus(1, ChronoUnit.HOURS)), new X500Name("CN=" + commonName), keys.getPublic());
        GeneralName[] sans = java.util.Arrays.stream(dnsNames).map(n -> new GeneralName(GeneralName.dNSName, n))
                .toArray(GeneralName[]::new);
        builder.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(sans));
        return new Issued(keys, sign(builder, ca.keys()), ca);
    }

    /** An intermediate CA issued by {@code ca}: its leaves' chains have three certificates. */
    public static Issued intermediate(Issued ca, String commonName) throws Exception {
        KeyPair keys = ecKeys();
        X509v3CertificateBuilder builder = builder(X500Name.getInstance(ca.certificate().getSubjectX500Principal().getEncoded()),
                new X500Name("CN=" + commonName), keys);
        builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
        builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
        return new Issued(keys, sign(builder, ca.keys()), ca);
    }

    /** A leaf with an Ed25519 key and DNS SANs. */
    public static Issued issueEd25519(Issued ca, String commonName, String... dnsNames) throws Exception {
        KeyPair keys = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        X509v3CertificateBuilder builder = builder(X500Name.getInstance(ca.certificate().getSubjectX500Principal().getEncoded()),
                new X500Name("CN=" + commonName), keys);
        GeneralName[] sans = java.util.Arrays.stream(dnsNames).map(n -> new GeneralName(GeneralName.dNSName, n))
                .toArray(GeneralName[]::new);
        builder.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(sans));
        return new Issued(keys, sign(builder, ca.keys()), ca);
    }

    private static X509v3CertificateBuilder builder(X500Name issuer, X500Name subject, KeyPair keys) {
        Instant now = Instant.now();
        return new JcaX509v3CertificateBuilder(issuer, BigInteger.valueOf(SERIAL.incrementAndGet()),
                Date.from(now.minus(1, ChronoUnit.HOURS)), Date.from(now.plus(1, ChronoUnit.DAYS)), subject, keys.getPublic());
    }

    private static X509Certificate sign(X509v3CertificateBuilder builder, KeyPair signer) throws Exception {
        String algorithm = signer.getPrivate().getAlgorithm().equals("RSA") ? "SHA256withRSA" : "SHA256withECDSA";
        return new JcaX509CertificateConverter().getCertificate(
                builder.build(new JcaContentSignerBuilder(algorithm).build(signer.getPrivate())));
    }

    private static KeyPair ecKeys() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        return generator.generateKeyPair();
    }

    private static KeyPair rsaKeys() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        return generator.generateKeyPair();
    }

    private static byte[] encoded(X509Certificate certificate) {
        try {
            return certificate.getEncoded();
        } catch (java.security.cert.CertificateEncodingException e) {
            throw new IllegalStateException(e);
        }
    }

    static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }

    /** A value for a Secret's {@code data}. */
    public static String base64(String text) {
        return Base64.getEncoder().encodeToString(text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }
}
