package io.jetway.util;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads PEM certificates and private keys as Kubernetes Secrets hold them: keys in PKCS#8
 * ({@code PRIVATE KEY}), PKCS#1 ({@code RSA PRIVATE KEY}) or SEC1 ({@code EC PRIVATE KEY}), the
 * forms openssl and cert-manager write. Bad input throws IllegalArgumentException with a reason.
 */
public final class Pem {

    private static final Pattern BLOCK = Pattern.compile(
            "-----BEGIN ([A-Z0-9 ]+)-----([A-Za-z0-9+/=\\s]*?)-----END \\1-----");
    private static final byte[] RSA_OID = {0x06, 0x09, 0x2a, (byte) 0x86, 0x48, (byte) 0x86, (byte) 0xf7, 0x0d, 0x01, 0x01, 0x01};
    private static final byte[] EC_OID = {0x06, 0x07, 0x2a, (byte) 0x86, 0x48, (byte) 0xce, 0x3d, 0x02, 0x01};

    private Pem() {
    }

    private record Block(String type, byte[] der) {
    }

    private static List<Block> blocks(String pem) {
        List<Block> out = new ArrayList<>();
        Matcher m = BLOCK.matcher(pem == null ? "" : pem);
        while (m.find()) {
            try {
                out.add(new Block(m.group(1), Base64.getMimeDecoder().decode(m.group(2))));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("invalid base64 in PEM block " + m.group(1));
            }
        }
        return out;
    }

    /** All certificates of a PEM bundle; at least one. */
    public static List<X509Certificate> certificates(String pem) {
        List<X509Certificate> certificates = new ArrayList<>();
        CertificateFactory factory;
        try {
            factory = CertificateFactory.getInstance("X.509");
        } catch (CertificateException e) {
            throw new IllegalStateException("X.509 is supported by every JDK", e);
        }
        int number = 0;
        for (Block b : blocks(pem)) {
            if (!b.type().equals("CERTIFICATE")) {
                continue;
            }
            number++;
            // The parser's own text speaks of Java streams: say which block is wrong instead.
            if (b.der().length == 0) {
                throw new IllegalArgumentException("invalid certificate: PEM CERTIFICATE block " + number + " is empty");
            }
            try {
                certificates.add((X509Certificate) factory.generateCertificate(new ByteArrayInputStream(b.der())));
            } catch (CertificateException | RuntimeException e) {
                throw new IllegalArgumentException("invalid certificate: PEM CERTIFICATE block " + number
                        + " does not hold an X.509 certificate");
            }
        }
        if (certificates.isEmpty()) {
            throw new IllegalArgumentException("no PEM certificate found");
        }
        return List.copyOf(certificates);
    }

    /** The first private key of a PEM text. */
    public static PrivateKey privateKey(String pem) {
        for (Block b : blocks(pem)) {
            switch (b.type()) {
                case "PRIVATE KEY":
                    return pkcs8(b.der(), "RSA", "EC", "Ed25519", "Ed448", "DSA");
                case "RSA PRIVATE KEY":
                    return pkcs8(wrap(concat(RSA_OID, new byte[]{0x05, 0x00}), b.der()), "RSA");
                case "EC PRIVATE KEY":
                    return pkcs8(wrap(concat(EC_OID, curveOf(b.der())), b.der()), "EC");
                default:
                    break;
            }
        }
        throw new IllegalArgumentException("no PEM private key found (PRIVATE KEY, RSA PRIVATE KEY or EC PRIVATE KEY)");
    }

    private static PrivateKey pkcs8(byte[] der, String... algorithms) {
        for (String algorithm : algorithms) {
            try {
                return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(der));
            } catch (GeneralSecurityException | RuntimeException e) {
                // not this algorithm: try the next
            }
        }
        throw new IllegalArgumentException("invalid private key (" + String.join(", ", algorithms) + " tried)");
    }

    /** PKCS#8 PrivateKeyInfo: version 0, the algorithm identifier, the key as an octet string. */
    private static byte[] wrap(byte[] algorithmContent, byte[] key) {
        return tlv(0x30, concat(new byte[]{0x02, 0x01, 0x00}, tlv(0x30, algorithmContent), tlv(0x04, key)));
    }

    /** The named-curve OID in a SEC1 ECPrivateKey's [0] parameters. */
    private static byte[] curveOf(byte[] sec1) {
        try {
            int[] seq = header(sec1, 0);
            int pos = seq[0];
            int end = seq[0] + seq[1];
            while (pos < end) {
                int tag = sec1[pos] & 0xff;
                int[] h = header(sec1, pos);
                if (tag == 0xa0) {
                    int[] inner = header(sec1, h[0]);
                    return Arrays.copyOfRange(sec1, h[0], inner[0] + inner[1]);
                }
                pos = h[0] + h[1];
            }
        } catch (ArrayIndexOutOfBoundsException e) {
            throw new IllegalArgumentException("invalid EC private key");
        }
        throw new IllegalArgumentException("EC private key without named curve parameters");
    }

    /** {content offset, content length} of the DER element at pos. */
    private static int[] header(byte[] der, int pos) {
        int length = der[pos + 1] & 0xff;
        int offset = pos + 2;
        if (length > 0x80) {
            int bytes = length - 0x80;
            length = 0;
            for (int i = 0; i < bytes; i++) {
                length = (length << 8) | (der[offset++] & 0xff);
            }
        }
        return new int[]{offset, length};
    }

    private static byte[] tlv(int tag, byte[] content) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(content.length + 6);
        out.write(tag);
        int n = content.length;
        if (n < 0x80) {
            out.write(n);
        } else if (n < 0x100) {
            out.write(0x81);
            out.write(n);
        } else if (n < 0x10000) {
            out.write(0x82);
            out.write(n >> 8);
            out.write(n);
        } else {
            out.write(0x83);
            out.write(n >> 16);
            out.write(n >> 8);
            out.write(n);
        }
        out.writeBytes(content);
        return out.toByteArray();
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }
}
