package io.jetway.middleware.digestauth;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.Comparator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The nonces digestAuth handed out, each with the highest nonce count seen, so that a replayed
 * request (same or lower count) is refused. Bounded: past the limit the least recently used are
 * forgotten, and a client using one of those is told its nonce is stale.
 */
final class DigestNonces {

    static final int LIMIT = 1000;
    private static final int TOLERANCE = 100;
    private static final SecureRandom RANDOM = new SecureRandom();

    private static final class Client {
        long count;
        long lastSeen;

        Client(long lastSeen) {
            this.lastSeen = lastSeen;
        }
    }

    /** Outcome of presenting a nonce with a count. */
    enum Use { ACCEPTED, REPLAYED, UNKNOWN }

    private final Map<String, Client> clients = new ConcurrentHashMap<>();
    /** Sent with every challenge and expected back unchanged. */
    final String opaque = randomKey();

    String issue() {
        if (clients.size() > LIMIT + TOLERANCE) {
            purge();
        }
        String nonce = randomKey();
        clients.put(nonce, new Client(System.nanoTime()));
        return nonce;
    }

    Use use(String nonce, long count) {
        Client client = clients.get(nonce);
        if (client == null) {
            return Use.UNKNOWN;
        }
        synchronized (client) {
            if (client.count != 0 && client.count >= count) {
                return Use.REPLAYED;
            }
            client.count = count;
            client.lastSeen = System.nanoTime();
            return Use.ACCEPTED;
        }
    }

    private synchronized void purge() {
        int excess = clients.size() - LIMIT + TOLERANCE;
        if (excess <= 0) {
            return;
        }
        clients.entrySet().stream()
                .sorted(Comparator.comparingLong(e -> e.getValue().lastSeen))
                .limit(excess)
                .map(Map.Entry::getKey)
                .toList()
                .forEach(clients::remove);
    }

    int size() {
        return clients.size();
    }

    private static String randomKey() {
        byte[] bytes = new byte[18];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
