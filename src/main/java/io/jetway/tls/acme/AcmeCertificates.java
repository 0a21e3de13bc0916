package io.jetway.tls.acme;

import io.jetway.dynamic.TlsDomain;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * The certificates ACME resolvers hold, for the TLS store to serve: an immutable snapshot read with
 * one volatile read, replaced whole when a certificate is issued, renewed or loaded from storage.
 * Listeners hear of each such certificate (on the resolver's thread) as soon as it is available.
 */
public final class AcmeCertificates {

    private static final Logger LOG = LoggerFactory.getLogger(AcmeCertificates.class);

    /** A certificate is identified by its resolver and the domains it was ordered for. */
    public record Key(String resolver, TlsDomain domain) {
    }

    private volatile Map<Key, IssuedCertificate> current = Map.of();
    private final List<Consumer<IssuedCertificate>> listeners = new CopyOnWriteArrayList<>();

    /** Every certificate held now; the map does not change afterwards. */
    public Map<Key, IssuedCertificate> snapshot() {
        return current;
    }

    public IssuedCertificate get(String resolver, TlsDomain domain) {
        return current.get(new Key(resolver, domain));
    }

    /**
     * A certificate whose names include this host name exactly (case-insensitive), or null. The TLS
     * store does its own SNI selection; this is for callers that want one certificate for a host.
     */
    public IssuedCertificate forHost(String host) {
        for (IssuedCertificate c : current.values()) {
            for (String name : c.names()) {
                if (name.equalsIgnoreCase(host)) {
                    return c;
                }
            }
        }
        return null;
    }

    /** Adds a listener; it is told of certificates that arrive from now on, not of those held already. */
    public void addListener(Consumer<IssuedCertificate> listener) {
        listeners.add(listener);
    }

    public void removeListener(Consumer<IssuedCertificate> listener) {
        listeners.remove(listener);
    }

    void put(IssuedCertificate certificate) {
        synchronized (this) {
            Map<Key, IssuedCertificate> next = new LinkedHashMap<>(current);
            next.put(new Key(certificate.resolver(), certificate.domain()), certificate);
            current = Map.copyOf(next);
        }
        for (Consumer<IssuedCertificate> listener : listeners) {
            try {
                listener.accept(certificate);
            } catch (RuntimeException e) {
                LOG.error("event=acme-listener-failed resolver={} domain={} msg=\"{}\"", certificate.resolver(),
                        certificate.domain().main(), e.toString(), e);
            }
        }
    }
}
