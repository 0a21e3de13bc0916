/**
 * The Gateway API's HTTPRoute filters as internal middleware kinds, which only the Gateway API
 * translator emits (they are in {@link io.jetway.middleware.Middlewares#GATEWAY_FACTORIES}, not
 * in the kinds a Middleware manifest can name). Each kind's options are the filter's own object as
 * written in the HTTPRoute (Gateway API v1 field names), plus, for the path modifiers,
 * {@code pathPrefix}: the PathPrefix value of the rule's match, which {@code ReplacePrefixMatch}
 * replaces.
 *
 * <ul>
 *   <li>{@code gatewayRequestHeaderModifier} and {@code gatewayResponseHeaderModifier}
 *       ({@link io.jetway.middleware.gatewayapi.HeaderModifierOptions}): set, add, remove;</li>
 *   <li>{@code gatewayRequestRedirect} ({@link io.jetway.middleware.gatewayapi.RequestRedirectOptions}):
 *       answers with a redirect;</li>
 *   <li>{@code gatewayUrlRewrite} ({@link io.jetway.middleware.gatewayapi.UrlRewriteOptions}): the Host
 *       and path forwarded;</li>
 *   <li>{@code gatewayTimeouts} ({@link io.jetway.middleware.gatewayapi.TimeoutsMiddleware}): a rule's
 *       {@code timeouts} (not a filter in the Gateway API, and not in Traefik), recorded for the proxy.</li>
 * </ul>
 * The behaviour is Traefik v3's ({@code pkg/middlewares/gatewayapi}) with its translator's
 * share ({@code createRequestRedirect}'s ports), so one class here does what the two do there.
 */
package io.jetway.middleware.gatewayapi;
