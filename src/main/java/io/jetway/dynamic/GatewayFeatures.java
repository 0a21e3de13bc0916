package io.jetway.dynamic;

import java.util.List;

/**
 * The Gateway API features Jetway's GatewayClass announces in {@code status.supportedFeatures}
 * (sorted by name, as Traefik writes them): the features Traefik v3.7 claims, whose conformance
 * tests Jetway runs (docs/gateway-api.md). Jetway also serves RequestMirror and rule timeouts, but
 * does not claim them before their conformance tests are covered.
 */
public final class GatewayFeatures {

    public static final List<String> SUPPORTED = List.of(
            "BackendTLSPolicy",
            "GRPCRoute",
            "GRPCRouteNamedRouteRule",
            "Gateway",
            "GatewayPort8080",
            "HTTPRoute",
            "HTTPRoute303RedirectStatusCode",
            "HTTPRoute307RedirectStatusCode",
            "HTTPRoute308RedirectStatusCode",
            "HTTPRouteBackendProtocolH2C",
            "HTTPRouteBackendProtocolWebSocket",
            "HTTPRouteBackendRequestHeaderModification",
            "HTTPRouteDestinationPortMatching",
            "HTTPRouteHostRewrite",
            "HTTPRouteMethodMatching",
            "HTTPRouteNamedRouteRule",
            "HTTPRouteParentRefPort",
            "HTTPRoutePathRedirect",
            "HTTPRoutePathRewrite",
            "HTTPRoutePortRedirect",
            "HTTPRouteQueryParamMatching",
            "HTTPRouteResponseHeaderModification",
            "HTTPRouteSchemeRedirect",
            "ReferenceGrant",
            "TLSRoute",
            "TLSRouteModeMixed",
            "TLSRouteModeTerminate");

    private GatewayFeatures() {
    }
}
