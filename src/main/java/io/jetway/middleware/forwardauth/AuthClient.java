package io.jetway.middleware.forwardauth;

import io.jetway.util.Pem;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.http.HttpCookieStore;
import org.eclipse.jetty.io.ClientConnector;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.eclipse.jetty.util.thread.ScheduledExecutorScheduler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import java.lang.ref.Cleaner;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.List;

/**
 * forwardAuth's HTTP client: its own few threads, no cookie jar, no redirects followed, bodies
 * passed as received. Kept across reloads of an unchanged middleware; stopped once no routing
 * table uses it any more (when it becomes unreachable), since middlewares have no close hook.
 */
final class AuthClient {

    private static final Logger LOG = LoggerFactory.getLogger(AuthClient.class);
    private static final Cleaner CLEANER = Cleaner.create();
    private static final String KEY_PASSWORD = "jetway"; // protects an in-memory key store only

    private final HttpClient client;

    private AuthClient(HttpClient client) {
        this.client = client;
    }

    HttpClient http() {
        return client;
    }

    static AuthClient start(ForwardAuthOptions.Tls tls) {
        QueuedThreadPool threads = new QueuedThreadPool(8, 1);
        threads.setName("jetway-forwardauth");
        threads.setDaemon(true);
        threads.setReservedThreads(0);
        ClientConnector connector = new ClientConnector();
        connector.setSelectors(1);
        connector.setSslContextFactory(sslContextFactory(tls));
        HttpClient client = new HttpClient(new org.eclipse.jetty.client.transport.HttpClientTransportOverHTTP(connector));
        client.setExecutor(threads);
        client.setScheduler(new ScheduledExecutorScheduler("jetway-forwardauth-scheduler", true));
        client.setFollowRedirects(false);
        client.setHttpCookieStore(new HttpCookieStore.Empty());
        client.setUserAgentField(null);
        try {
            client.start();
        } catch (Exception e) {
            throw new IllegalStateException("cannot start the forwardAuth client", e);
        }
        client.getContentDecoderFactories().clear(); // the auth server's body goes back as it came
        AuthClient owner = new AuthClient(client);
        CLEANER.register(owner, () -> stop(client));
        return owner;
    }

    private static void stop(HttpClient client) {
        try {
            client.stop();
            if (client.getExecutor() instanceof QueuedThreadPool threads) {
                threads.stop();
            }
        } catch (Exception e) {
            LOG.debug("event=forwardauth-client-stop-failed", e);
        }
    }

    private static SslContextFactory.Client sslContextFactory(ForwardAuthOptions.Tls tls) {
        SslContextFactory.Client ssl = new SslContextFactory.Client();
        ssl.setEndpointIdentificationAlgorithm("HTTPS");
        KeyStore keys = tls.cert() != null && tls.key() != null ? keyStore(tls.cert(), tls.key()) : null;
        if (tls.insecureSkipVerify()) {
            // Jetty honours trustAll only without a key store: build the context here instead.
            ssl.setEndpointIdentificationAlgorithm(null);
            ssl.setSslContext(trustingContext(keys));
            return ssl;
        }
        if (tls.ca() != null) {
            ssl.setTrustStore(trustStore(Pem.certificates(tls.ca())));
        }
        if (keys != null) {
            ssl.setKeyStore(keys);
            ssl.setKeyStorePassword(KEY_PASSWORD);
            ssl.setKeyManagerPassword(KEY_PASSWORD);
        }
        return ssl;
    }

    private static SSLContext trustingContext(KeyStore keys) {
        try {
            KeyManager[] keyManagers = null;
            if (keys != null) {
                KeyManagerFactory factory = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
                factory.init(keys, KEY_PASSWORD.toCharArray());
                keyManagers = factory.getKeyManagers();
            }
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keyManagers, SslContextFactory.TRUST_ALL_CERTS, null);
            return context;
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("cannot set up TLS: " + e.getMessage(), e);
        }
    }

    /** Only the given CAs, as Traefik's client TLS does when a CA is set. */
    private static KeyStore trustStore(List<X509Certificate> cas) {
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            for (int i = 0; i < cas.size(); i++) {
                store.setCertificateEntry("ca-" + i, cas.get(i));
            }
            return store;
        } catch (GeneralSecurityException | java.io.IOException e) {
            throw new IllegalArgumentException("cannot build the trust store: " + e.getMessage(), e);
        }
    }

    private static KeyStore keyStore(String certPem, String keyPem) {
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            List<X509Certificate> chain = Pem.certificates(certPem);
            store.setKeyEntry("client", Pem.privateKey(keyPem), KEY_PASSWORD.toCharArray(),
                    chain.toArray(new java.security.cert.Certificate[0]));
            return store;
        } catch (GeneralSecurityException | java.io.IOException e) {
            throw new IllegalArgumentException("cannot build the key store: " + e.getMessage(), e);
        }
    }
}
