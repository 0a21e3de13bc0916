package io.jetway.service;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Traefik's {@code p2c} strategy: pick two servers at random and send the request to the one with
 * fewer requests in flight, which steers traffic away from slow servers without global state.
 */
public final class PowerOfTwoChoices implements ServiceHandler {

    private final String name;
    private final Backend[] backends;

    public PowerOfTwoChoices(String name, List<Backend> backends) {
        this.name = name;
        this.backends = backends.toArray(Backend[]::new);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public Backend select(HttpServletRequest request, HttpServletResponse response) {
        int n = backends.length;
        if (n <= 1) {
            return n == 0 || !backends[0].isUp() ? null : backends[0];
        }
        ThreadLocalRandom random = ThreadLocalRandom.current();
        int first = random.nextInt(n);
        int second = random.nextInt(n - 1);
        if (second >= first) {
            second++; // two distinct servers
        }
        Backend a = backends[first];
        Backend b = backends[second];
        if (!a.isUp() || !b.isUp()) {
            return leastLoadedUp();
        }
        return a.inFlight().get() <= b.inFlight().get() ? a : b;
    }

    /** The slow path when a sampled server is down: the least loaded of those that are up. */
    private Backend leastLoadedUp() {
        Backend best = null;
        for (Backend candidate : backends) {
            if (candidate.isUp() && (best == null || candidate.inFlight().get() < best.inFlight().get())) {
                best = candidate;
            }
        }
        return best;
    }
}
