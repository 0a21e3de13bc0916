package io.jetway.routing.layer4;

import java.net.InetAddress;
import java.util.concurrent.ConcurrentMap;

/** inFlightConn: at most {@code amount} open connections per client address; the next one is closed at once. */
final class InFlightConnMiddleware implements TcpMiddleware {

    private final String name;
    private final long amount;
    /** Open connections per client; a client with none has no entry. Changed only by compute, so counts are exact. */
    private final ConcurrentMap<InetAddress, Integer> open;

    InFlightConnMiddleware(String name, long amount, ConcurrentMap<InetAddress, Integer> open) {
        this.name = name;
        this.amount = amount;
        this.open = open;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public Admission admit(InetAddress client) {
        boolean[] admitted = {false};
        open.compute(client, (k, n) -> {
            int current = n == null ? 0 : n;
            if (current >= amount) {
                return n;
            }
            admitted[0] = true;
            return current + 1;
        });
        return admitted[0] ? () -> open.computeIfPresent(client, (k, n) -> n <= 1 ? null : n - 1) : null;
    }
}
