package io.jetway.build;

import io.jetway.dynamic.TlsCertificate;
import io.jetway.routing.RoutingTable;
import io.jetway.routing.RoutingTableHolder;
import io.jetway.tls.TlsManager;
import io.jetway.tls.TlsState;
import jakarta.enterprise.context.ApplicationScoped;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

/**
 * Holds the current {@link RuntimeSnapshot}. Readers take it with one volatile read; a reload or a
 * certificate from ACME swaps in a new snapshot with one volatile write, so routes and TLS always
 * change together. Requests and handshakes already running keep what they started with. The
 * routes' readers and listeners (the request path, the proxy's backend clients, status writing,
 * the ACME resolvers) see it as a {@link RoutingTableHolder}; handshakes read the TLS state
 * through {@link #currentTls()}.
 */
@ApplicationScoped
public class RuntimeSnapshotHolder implements RoutingTableHolder {

    private static final Logger LOG = LoggerFactory.getLogger(RuntimeSnapshotHolder.class);

    private volatile RuntimeSnapshot current = RuntimeSnapshot.EMPTY;
    private final List<RoutesListener> listeners = new CopyOnWriteArrayList<>();

    /** The snapshot serving now. */
    public RuntimeSnapshot snapshot() {
        return current;
    }

    @Override
    public RoutingTable current() {
        return current.routes();
    }

    /**
     * Reads the TLS state of the snapshot current at each call. A function of the holder itself, not
     * of CDI's client proxy, so that handshakes read the field directly.
     */
    public Supplier<TlsState> currentTls() {
        return () -> current.tls();
    }

    /**
     * A reload: the new routes and the TLS state compiled from the same configuration, which keeps
     * the resolvers' certificates of the snapshot it replaces.
     *
     * @param tls null when Jetway does not terminate TLS
     * @return the snapshot swapped in
     */
    public RuntimeSnapshot reload(RoutingTable routes, TlsManager tls) {
        return swap(before -> before.reloaded(routes,
                tls == null ? TlsState.NONE : tls.compile(routes.config(), before.tls().issued(), before.tls())));
    }

    /**
     * The certificates the ACME resolvers hold now (issued, renewed or loaded from storage): the
     * same routes with the TLS state compiled again from their configuration and these certificates.
     *
     * @return the snapshot swapped in
     */
    public RuntimeSnapshot serveIssued(List<TlsCertificate> issued, TlsManager tls) {
        return swap(before -> before.withTls(tls.compile(before.routes().config(), issued, before.tls())));
    }

    /**
     * Computes the next snapshot from the current one and swaps it in. Swaps are serialised, so a
     * reload and an ACME certificate arriving at once never lose each other's part. The routes'
     * listeners hear of it, on this thread, when its routes are new. A failure in {@code next}
     * swaps nothing.
     */
    private synchronized RuntimeSnapshot swap(UnaryOperator<RuntimeSnapshot> next) {
        RuntimeSnapshot snapshot = next.apply(current);
        current = snapshot;
        listeners.forEach(listener -> listener.heard(snapshot.routes()));
        return snapshot;
    }

    @Override
    public synchronized void addSwapListener(Consumer<RoutingTable> listener) {
        RoutesListener routes = new RoutesListener(listener);
        listeners.add(routes);
        routes.heard(current.routes());
    }

    @Override
    public void removeSwapListener(Consumer<RoutingTable> listener) {
        listeners.removeIf(routes -> routes.listener.equals(listener));
    }

    /**
     * A listener of routes: told each routing table once, so a swap that changed only the TLS state
     * (a certificate from ACME) does not make status writing or the resolvers work again.
     * Called under the holder's lock.
     */
    private static final class RoutesListener {
        private final Consumer<RoutingTable> listener;
        private RoutingTable last;

        RoutesListener(Consumer<RoutingTable> listener) {
            this.listener = listener;
        }

        void heard(RoutingTable table) {
            if (table == last) {
                return;
            }
            last = table;
            try {
                listener.accept(table);
            } catch (RuntimeException e) {
                LOG.error("event=table-listener-failed msg=\"{}\"", e.toString(), e);
            }
        }
    }
}
