package io.jetway.middleware;

import io.jetway.middleware.basicauth.BasicAuthMiddleware;
import io.jetway.middleware.compress.CompressMiddleware;
import io.jetway.middleware.digestauth.DigestAuthMiddleware;
import io.jetway.middleware.forwardauth.ForwardAuthMiddleware;
import io.jetway.middleware.inflightreq.InFlightReqMiddleware;
import io.jetway.middleware.passtlsclientcert.PassTlsClientCertMiddleware;
import io.jetway.middleware.ratelimit.RateLimitMiddleware;

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
            Map.entry("basicAuth", BasicAuthMiddleware::create),
            Map.entry("digestAuth", DigestAuthMiddleware::create),
            Map.entry("forwardAuth", ForwardAuthMiddleware::create),
            Map.entry("headers", HeadersMiddleware::create),
            Map.entry("redirectScheme", RedirectMiddlewares::redirectScheme),
            Map.entry("redirectRegex", RedirectMiddlewares::redirectRegex),
            Map.entry("ipAllowList", IpAllowListMiddleware::create),
            Map.entry("ipWhiteList", IpAllowListMiddleware::create),
            Map.entry("contentType", ContentTypeMiddleware::create),
            Map.entry("rateLimit", RateLimitMiddleware::create),
            Map.entry("inFlightReq", InFlightReqMiddleware::create),
            Map.entry("retry", RetryMiddleware::create),
            Map.entry("circuitBreaker", CircuitBreakerMiddleware::create),
            Map.entry("buffering", BufferingMiddleware::create),
            Map.entry("compress", CompressMiddleware::create),
            Map.entry("errors", ErrorsMiddleware::create),
            Map.entry("grpcWeb", GrpcWebMiddleware::create),
            Map.entry("passTLSClientCert", PassTlsClientCertMiddleware::create)
    );

    private Middlewares() {
    }
}
