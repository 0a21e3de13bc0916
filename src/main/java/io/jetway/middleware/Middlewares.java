package io.jetway.middleware;

import java.util.Map;

/** Traefik's middleware kinds that Jetway builds, by the key a Middleware manifest uses. */
public final class Middlewares {

    public static final Map<String, MiddlewareFactory> FACTORIES = Map.ofEntries(
            Map.entry("chain", ChainMiddleware::create),
            Map.entry("addPrefix", PathMiddlewares::addPrefix),
            Map.entry("stripPrefix", PathMiddlewares::stripPrefix),
            Map.entry("stripPrefixRegex", PathMiddlewares::stripPrefixRegex),
            Map.entry("replacePath", PathMiddlewares::replacePath),
            Map.entry("replacePathRegex", PathMiddlewares::replacePathRegex),
            Map.entry("rateLimit", RateLimitMiddleware::create),
            Map.entry("inFlightReq", InFlightRequestsMiddleware::create),
            Map.entry("retry", RetryMiddleware::create),
            Map.entry("circuitBreaker", CircuitBreakerMiddleware::create),
            Map.entry("buffering", BufferingMiddleware::create)
    );

    private Middlewares() {
    }
}
