package io.jetway.tls;

import org.conscrypt.Conscrypt;

import javax.net.ssl.SSLEngine;
import java.security.Provider;
import java.security.Security;

/**
 * Conscrypt (BoringSSL through JNI), the only class that names it: on a JVM or CPU architecture
 * where its native library does not load, or in a WAR that leaves it out, the failure is caught
 * here and TLS stays on the JDK's engine.
 */
final class ConscryptProvider {

    private static final String NAME = "Conscrypt";

    private ConscryptProvider() {
    }

    /** Conscrypt's provider, or the reason it cannot serve here. */
    record Loaded(Provider provider, String failure) {
    }

    static Loaded load() {
        try {
            Conscrypt.checkAvailability();
            // Jetty's ConscryptServerALPNProcessor registers one when it starts: the same is used then.
            Provider registered = Security.getProvider(NAME);
            return new Loaded(registered != null && Conscrypt.isConscrypt(registered) ? registered : Conscrypt.newProvider(), null);
        } catch (LinkageError | RuntimeException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            return new Loaded(null, cause.getClass().getSimpleName() + ": " + cause.getMessage());
        }
    }

    /**
     * Lets a Conscrypt server engine issue session tickets (TLS 1.2 tickets and TLS 1.3 resumption),
     * which Conscrypt turns off by default and the JDK's engine issues: resumed handshakes work on both.
     */
    static void issueSessionTickets(SSLEngine engine) {
        if (Conscrypt.isConscrypt(engine)) {
            Conscrypt.setUseSessionTickets(engine, true);
        }
    }
}
