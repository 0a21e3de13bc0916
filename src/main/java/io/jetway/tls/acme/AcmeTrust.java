package io.jetway.tls.acme;

import io.jetway.util.Pem;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.List;

/**
 * The TLS context for talking to the ACME server: the JVM's trusted CAs plus the resolver's
 * {@code caCertificates} (Traefik's option for private ACME servers such as pebble or step-ca).
 */
final class AcmeTrust {

    private AcmeTrust() {
    }

    static SSLContext context(List<Path> caCertificates) throws IOException, GeneralSecurityException {
        SSLContext context = SSLContext.getInstance("TLS");
        if (caCertificates.isEmpty()) {
            context.init(null, null, null);
            return context;
        }
        KeyStore anchors = KeyStore.getInstance(KeyStore.getDefaultType());
        anchors.load(null, null);
        int n = 0;
        for (X509Certificate jvm : jvmTrustManager().getAcceptedIssuers()) {
            anchors.setCertificateEntry("jvm-" + n++, jvm);
        }
        for (Path file : caCertificates) {
            List<X509Certificate> certificates;
            try {
                certificates = Pem.certificates(Files.readString(file, StandardCharsets.US_ASCII));
            } catch (IllegalArgumentException invalid) {
                throw new IOException("no PEM certificate in " + file + ": " + invalid.getMessage(), invalid);
            }
            for (X509Certificate certificate : certificates) {
                anchors.setCertificateEntry("extra-" + n++, certificate);
            }
        }
        TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        factory.init(anchors);
        context.init(null, factory.getTrustManagers(), null);
        return context;
    }

    private static X509TrustManager jvmTrustManager() throws GeneralSecurityException {
        TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        factory.init((KeyStore) null);
        for (var manager : factory.getTrustManagers()) {
            if (manager instanceof X509TrustManager x509) {
                return x509;
            }
        }
        throw new GeneralSecurityException("the JVM has no X.509 trust manager");
    }
}
