package io.jetway.tls.acme;

import io.jetway.config.AcmeKeyType;
import io.jetway.util.Pem;

import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyFactory;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Key pairs for certificates and accounts, and the PEM text they are stored as. */
final class KeyPairs {

    private static final Pattern PUBLIC_KEY =
            Pattern.compile("-----BEGIN PUBLIC KEY-----([A-Za-z0-9+/=\\s]+)-----END PUBLIC KEY-----");

    private KeyPairs() {
    }

    static KeyPair generate(AcmeKeyType type) {
        try {
            return switch (type) {
                case EC256 -> ec("secp256r1");
                case EC384 -> ec("secp384r1");
                case RSA2048 -> rsa(2048);
                case RSA4096 -> rsa(4096);
                case RSA8192 -> rsa(8192);
            };
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot generate a " + type + " key pair", e);
        }
    }

    private static KeyPair ec(String curve) throws GeneralSecurityException {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec(curve));
        return generator.generateKeyPair();
    }

    private static KeyPair rsa(int bits) throws GeneralSecurityException {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(bits);
        return generator.generateKeyPair();
    }

    /** An account key pair as stored: the PKCS#8 private key, then the public key. */
    static String keyPairPem(KeyPair keys) {
        return privateKeyPem(keys.getPrivate()) + pem("PUBLIC KEY", keys.getPublic().getEncoded());
    }

    /** Reads {@link #keyPairPem}; IllegalArgumentException when either half is missing or invalid. */
    static KeyPair readKeyPair(String pem) {
        PrivateKey privateKey = Pem.privateKey(pem);
        Matcher block = PUBLIC_KEY.matcher(pem);
        if (!block.find()) {
            throw new IllegalArgumentException("no public key");
        }
        try {
            byte[] der = Base64.getMimeDecoder().decode(block.group(1));
            PublicKey publicKey = KeyFactory.getInstance(privateKey.getAlgorithm()).generatePublic(new X509EncodedKeySpec(der));
            return new KeyPair(publicKey, privateKey);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new IllegalArgumentException("the PUBLIC KEY block is not a valid " + privateKey.getAlgorithm() + " public key", e);
        }
    }

    /** PKCS#8 {@code PRIVATE KEY}, which the TLS store reads (util/Pem). */
    static String privateKeyPem(PrivateKey key) {
        return pem("PRIVATE KEY", key.getEncoded());
    }

    static String chainPem(List<X509Certificate> chain) {
        StringBuilder text = new StringBuilder();
        for (X509Certificate certificate : chain) {
            try {
                text.append(pem("CERTIFICATE", certificate.getEncoded()));
            } catch (CertificateEncodingException e) {
                throw new IllegalStateException("cannot encode a certificate", e);
            }
        }
        return text.toString();
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n"
                + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }
}
