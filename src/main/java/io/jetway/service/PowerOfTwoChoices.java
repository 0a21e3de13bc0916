package io.jetway.service;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Traefik's {@code p2c} strategy: pick two servers at random and send the request to the one with
 * fewer requests in flight, which steers traffic away from slow servers without global state.
 * A sticky cookie works as with round robin: a client that names a server that is up keeps it
 * (also a terminating one), anyone else is given one and the cookie.
 */
public final class PowerOfTwoChoices implements ServiceHandler {

    private final String name;
    private final Backend[] backends;
    private final StickyCookie sticky;
    /** Servers by the cookie values that name them by URL; null without a sticky cookie. */
    private final StickyTargets<Backend> cookieValues;

    public PowerOfTwoChoices(String name, List<Backend> backends) {
        this(name, backends, List.of(), null);
    }

    /** @param terminating servers that keep their sticky clients but get no new ones */
    public PowerOfTwoChoices(String name, List<Backend> backends, List<Backend> terminating, StickyCookie sticky) {
        this.name = name;
        this.backends = backends.toArray(Backend[]::new);
        this.sticky = sticky;
        List<Backend> all = new ArrayList<>(backends);
        all.addAll(terminating);
        this.cookieValues = sticky == null ? null : new StickyTargets<>(all, Backend::baseUrl);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public List<Backend> requestFreeServers() {
        return sticky == null ? List.of(backends) : null;
    }

    @Override
    public Backend select(HttpServletRequest request, HttpServletResponse response) {
        if (sticky == null) {
            return pick();
        }
        StickyTargets.Match<Backend> kept = cookieValues.find(sticky.read(request));
        if (kept != null && kept.target().isUp()) {
            if (kept.outdated()) {
                sticky.write(response, cookieValues.currentValue(kept.target()));
            }
            return kept.target();
        }
        Backend picked = pick();
        if (picked != null) {
            sticky.write(response, cookieValues.currentValue(picked));
        }
        return picked;
    }

    private Backend pick() {
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
