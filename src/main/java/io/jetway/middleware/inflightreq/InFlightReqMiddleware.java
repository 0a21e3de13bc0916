package io.jetway.middleware.inflightreq;

import io.jetway.kube.Node;
import io.jetway.middleware.ExchangeEnd;
import io.jetway.middleware.HttpMiddleware;
import io.jetway.middleware.MiddlewareContext;
import io.jetway.middleware.SourceCriterion;
import io.jetway.middleware.TrafficOptions;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@code inFlightReq}: at most {@code amount} requests of one source in flight at once; another
 * one is answered 429. A request counts until its proxied exchange has really ended, not merely
 * until the (asynchronous) chain returned. Counts are kept across reloads while the definition
 * is unchanged; a source's entry is dropped when its count falls to zero, so the map only ever
 * holds the sources with requests in flight.
 */
public final class InFlightReqMiddleware extends HttpMiddleware {

    private final int amount;
    private final SourceCriterion criterion;
    private final Map<String, Integer> inFlight;

    private InFlightReqMiddleware(int amount, SourceCriterion criterion, Map<String, Integer> inFlight) {
        this.amount = amount;
        this.criterion = criterion;
        this.inFlight = inFlight;
    }

    public static Filter create(Node options, MiddlewareContext context) {
        InFlightReqOptions settings = InFlightReqOptions.from(options);
        Map<String, Integer> counts = context.state("inFlight", ConcurrentHashMap::new);
        return new InFlightReqMiddleware(settings.amount(), settings.sourceCriterion(), counts);
    }

    @Override
    protected void filter(HttpServletRequest request, HttpServletResponse response, FilterChain next)
            throws IOException, ServletException {
        String source = criterion.source(request);
        boolean[] admitted = new boolean[1];
        inFlight.compute(source, (s, count) -> {
            int current = count == null ? 0 : count;
            admitted[0] = current < amount;
            return admitted[0] ? current + 1 : count;
        });
        if (!admitted[0]) {
            TrafficOptions.plain(response, 429, "Too Many Requests");
            return;
        }
        ExchangeEnd.proceed(request, response, next,
                status -> inFlight.computeIfPresent(source, (s, count) -> count <= 1 ? null : count - 1));
    }

    /** Requests of a source in flight now (tests). */
    int inFlight(String source) {
        return inFlight.getOrDefault(source, 0);
    }
}
