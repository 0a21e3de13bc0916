package io.jetway.middleware;

import io.jetway.middleware.addprefix.AddPrefixMiddleware;
import io.jetway.middleware.basicauth.BasicAuthMiddleware;
import io.jetway.middleware.buffering.BufferingMiddleware;
import io.jetway.middleware.chain.ChainMiddleware;
import io.jetway.middleware.circuitbreaker.CircuitBreakerMiddleware;
import io.jetway.middleware.compress.CompressMiddleware;
import io.jetway.middleware.contenttype.ContentTypeMiddleware;
import io.jetway.middleware.digestauth.DigestAuthMiddleware;
import io.jetway.middleware.errors.ErrorsMiddleware;
import io.jetway.middleware.forwardauth.ForwardAuthMiddleware;
import io.jetway.middleware.gatewayapi.RequestHeaderModifierMiddleware;
import io.jetway.middleware.gatewayapi.RequestRedirectMiddleware;
import io.jetway.middleware.gatewayapi.ResponseHeaderModifierMiddleware;
import io.jetway.middleware.gatewayapi.TimeoutsMiddleware;
import io.jetway.middleware.gatewayapi.UrlRewriteMiddleware;
import io.jetway.middleware.grpcweb.GrpcWebMiddleware;
import io.jetway.middleware.headers.HeadersMiddleware;
import io.jetway.middleware.inflightreq.InFlightReqMiddleware;
import io.jetway.middleware.ipallowlist.IpAllowListMiddleware;
import io.jetway.middleware.passtlsclientcert.PassTlsClientCertMiddleware;
import io.jetway.middleware.ratelimit.RateLimitMiddleware;
import io.jetway.middleware.redirectregex.RedirectRegexMiddleware;
import io.jetway.middleware.redirectscheme.RedirectSchemeMiddleware;
import io.jetway.middleware.replacepath.ReplacePathMiddleware;
import io.jetway.middleware.replacepathregex.ReplacePathRegexMiddleware;
import io.jetway.middleware.retry.RetryMiddleware;
import io.jetway.middleware.stripprefix.StripPrefixMiddleware;
import io.jetway.middleware.stripprefixregex.StripPrefixRegexMiddleware;

import java.util.Map;

/** Traefik's middleware kinds that Jetway builds, by the key a Middleware manifest uses. */
public final class Middlewares {

    public static final Map<String, MiddlewareFactory> FACTORIES = Map.ofEntries(
            Map.entry("chain", ChainMiddleware::create),
            Map.entry("addPrefix", AddPrefixMiddleware::create),
            Map.entry("stripPrefix", StripPrefixMiddleware::create),
            Map.entry("stripPrefixRegex", StripPrefixRegexMiddleware::create),
            Map.entry("replacePath", ReplacePathMiddleware::create),
            Map.entry("replacePathRegex", ReplacePathRegexMiddleware::create),
            Map.entry("basicAuth", BasicAuthMiddleware::create),
            Map.entry("digestAuth", DigestAuthMiddleware::create),
            Map.entry("forwardAuth", ForwardAuthMiddleware::create),
            Map.entry("headers", HeadersMiddleware::create),
            Map.entry("redirectScheme", RedirectSchemeMiddleware::create),
            Map.entry("redirectRegex", RedirectRegexMiddleware::create),
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

    /**
     * The internal kinds the Gateway API translator makes of HTTPRoute filters (options: the
     * filter's own object, see {@code io.jetway.middleware.gatewayapi}). Not in {@link #FACTORIES}:
     * a Middleware manifest cannot name them; only {@code @kubernetesgateway} middlewares are built
     * with them.
     */
    public static final Map<String, MiddlewareFactory> GATEWAY_FACTORIES = Map.of(
            "gatewayRequestHeaderModifier", RequestHeaderModifierMiddleware::create,
            "gatewayResponseHeaderModifier", ResponseHeaderModifierMiddleware::create,
            "gatewayRequestRedirect", RequestRedirectMiddleware::create,
            "gatewayUrlRewrite", UrlRewriteMiddleware::create,
            "gatewayTimeouts", TimeoutsMiddleware::create
    );

    private Middlewares() {
    }
}
