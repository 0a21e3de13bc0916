package io.jetway.translate.gateway;

import io.jetway.dynamic.GatewayCondition;
import io.jetway.dynamic.GatewayApiStatus;

import io.jetway.kube.ObjectRef;
import org.junit.jupiter.api.Test;

import java.util.List;

import static io.jetway.translate.gateway.GatewayFixtures.CLASS;
import static io.jetway.translate.gateway.GatewayFixtures.translate;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Each listener check of Traefik's, in its order, with the conditions the listener and its Gateway get. */
class ListenerConditionsTest {

    private static final ObjectRef GATEWAY = new ObjectRef("Gateway", "default", "gw");

    private static GatewayApiStatus.GatewayStatus status(String listeners, String more) throws Exception {
        return status(listeners, more, GatewayFixtures.OPTIONS);
    }

    private static GatewayApiStatus.GatewayStatus status(String listeners, String more, GatewayOptions options) throws Exception {
        GatewayTranslation t = translate(CLASS + more + """
                apiVersion: gateway.networking.k8s.io/v1
                kind: Gateway
                metadata: {name: gw, namespace: default}
                spec:
                  gatewayClassName: my-gateway-class
                  listeners:
                """ + listeners.indent(4), options);
        return t.gateways().get(GATEWAY);
    }

    private static GatewayCondition only(GatewayApiStatus.GatewayStatus status, int listener) {
        List<GatewayCondition> conditions = status.listeners().get(listener).conditions();
        assertTrue(conditions.size() >= 1, String.valueOf(conditions));
        return conditions.get(0);
    }

    @Test
    void aValidListenerIsAcceptedResolvedAndProgrammed() throws Exception {
        GatewayApiStatus.GatewayStatus s = status("- {name: http, protocol: HTTP, port: 80}", "");
        assertEquals(List.of(GatewayCondition.isTrue("Accepted", "Accepted", ""), GatewayCondition.isTrue("ResolvedRefs", "ResolvedRefs", ""),
                GatewayCondition.isTrue("Programmed", "Programmed", "No error found")), s.listeners().get(0).conditions());
        assertEquals(List.of("HTTPRoute", "GRPCRoute"), s.listeners().get(0).supportedKinds());
        assertEquals("Accepted", s.conditions().get(0).reason());
        assertEquals("Programmed", s.conditions().get(1).type());
    }

    @Test
    void aPortWithoutEntryPointSaysWhichPortsExist() throws Exception {
        GatewayApiStatus.GatewayStatus s = status("- {name: http, protocol: HTTP, port: 8000}", "");
        GatewayCondition c = only(s, 0);
        assertEquals("PortUnavailable", c.reason());
        assertEquals("False", c.status());
        assertTrue(c.message().contains("[80, 443, 9000]") && c.message().contains("not the Service's port"), c.message());
        assertEquals(GatewayCondition.isFalse("Accepted", "ListenersNotValid", "All Listeners must be valid"), s.conditions().get(0));
        assertEquals(1, s.conditions().size(), "no Programmed condition on a Gateway with invalid listeners");
    }

    @Test
    void anHttpListenerSkipsEntryPointsThatTerminateTls() throws Exception {
        GatewayOptions options = new GatewayOptions(false, List.of(), false, null,
                List.of(new GatewayOptions.EntryPoint("websecure", 443, false, true)), true);
        assertEquals("PortUnavailable", only(status("- {name: h, protocol: HTTP, port: 443}", "", options), 0).reason());
        GatewayApiStatus.GatewayStatus https = status("- {name: h, protocol: HTTPS, port: 443, tls: {certificateRefs: [{name: tls-cert}]}}",
                SecretFixture.SECRET, options);
        assertEquals("Accepted", only(https, 0).reason());
    }

    @Test
    void protocolsOutsideTheChannelConflict() throws Exception {
        GatewayCondition tcp = only(status("- {name: t, protocol: TCP, port: 9000}", ""), 0);
        assertEquals(GatewayCondition.isTrue("Conflicted", "ProtocolConflict", tcp.message()), tcp);
        assertTrue(tcp.message().contains("experimentalChannel"));
        GatewayOptions experimental = new GatewayOptions(true, List.of(), false, null, GatewayFixtures.ENTRY_POINTS, true);
        GatewayApiStatus.GatewayStatus ok = status("- {name: t, protocol: TCP, port: 9000}", "", experimental);
        assertEquals(List.of("TCPRoute"), ok.listeners().get(0).supportedKinds());
        assertEquals("UnsupportedProtocol", only(status("- {name: u, protocol: UDP, port: 9000}", ""), 0).reason());
    }

    @Test
    void routeKindsTheProtocolCannotCarryAreInvalid() throws Exception {
        GatewayCondition c = only(status("- {name: h, protocol: HTTP, port: 80, allowedRoutes: {kinds: [{kind: TLSRoute}]}}", ""), 0);
        assertEquals(GatewayCondition.isFalse("ResolvedRefs", "InvalidRouteKinds",
                "Listener protocol \"HTTP\" does not support RouteGroupKind gateway.networking.k8s.io/TLSRoute"), c);
    }

    @Test
    void aSecondListenerWithTheSameProtocolPortAndHostnameConflicts() throws Exception {
        GatewayApiStatus.GatewayStatus s = status("""
                - {name: a, protocol: HTTP, port: 80, hostname: x.org}
                - {name: b, protocol: HTTP, port: 80, hostname: x.org}
                - {name: c, protocol: HTTP, port: 80, hostname: y.org}
                """, "");
        assertEquals("Accepted", only(s, 0).reason());
        assertEquals(GatewayCondition.isTrue("Conflicted", "DuplicateListener", "A listener with same protocol, port and hostname already exists"),
                only(s, 1));
        assertEquals("Accepted", only(s, 2).reason());
    }

    @Test
    void tlsSettingsMustFitTheProtocol() throws Exception {
        assertEquals("InvalidTLSConfiguration", only(status("- {name: h, protocol: HTTP, port: 80, tls: {certificateRefs: [{name: x}]}}", ""), 0).reason());
        assertEquals("InvalidTLSConfiguration", only(status("- {name: h, protocol: HTTPS, port: 443}", ""), 0).reason());
        assertEquals("UnsupportedProtocol", only(status("- {name: h, protocol: HTTPS, port: 443, tls: {mode: Passthrough}}", ""), 0).reason());
        assertEquals(GatewayCondition.isFalse("ResolvedRefs", "InvalidCertificateRef", "One TLS CertificateRef is required in Terminate mode"),
                only(status("- {name: h, protocol: HTTPS, port: 443, tls: {certificateRefs: []}}", ""), 0));
        GatewayApiStatus.GatewayStatus passthrough = status("- {name: t, protocol: TLS, port: 443, tls: {mode: Passthrough}}", "");
        assertEquals(List.of("TLSRoute"), passthrough.listeners().get(0).supportedKinds());
        assertEquals("Accepted", only(passthrough, 0).reason());
    }

    @Test
    void certificateReferencesAcrossNamespacesNeedAGrant() throws Exception {
        String listener = "- {name: h, protocol: HTTPS, port: 443, tls: {certificateRefs: [{name: tls-cert, namespace: certs}]}}";
        String secret = SecretFixture.secret("certs", "tls-cert");
        GatewayApiStatus.GatewayStatus refused = status(listener, secret);
        List<GatewayCondition> conditions = refused.listeners().get(0).conditions();
        assertEquals("RefNotPermitted", conditions.get(0).reason());
        assertEquals(GatewayCondition.isFalse("Programmed", "Invalid", "Invalid CertificateRefs"), conditions.get(1));
        GatewayApiStatus.GatewayStatus granted = status(listener, secret + """
                apiVersion: gateway.networking.k8s.io/v1beta1
                kind: ReferenceGrant
                metadata: {name: certs, namespace: certs}
                spec:
                  from: [{group: gateway.networking.k8s.io, kind: Gateway, namespace: default}]
                  to: [{group: "", kind: Secret, name: tls-cert}]
                ---
                """);
        assertEquals("Accepted", only(granted, 0).reason());
    }

    @Test
    void unusableCertificatesAreInvalidReferences() throws Exception {
        GatewayApiStatus.GatewayStatus missing = status("- {name: h, protocol: HTTPS, port: 443, tls: {certificateRefs: [{name: nope}]}}", "");
        assertEquals("InvalidCertificateRef", only(missing, 0).reason());
        GatewayApiStatus.GatewayStatus kind = status(
                "- {name: h, protocol: HTTPS, port: 443, tls: {certificateRefs: [{kind: ConfigMap, name: x}]}}", "");
        assertEquals(GatewayCondition.isFalse("ResolvedRefs", "InvalidCertificateRef", "Unsupported TLS CertificateRef group/kind: core/ConfigMap"),
                only(kind, 0));
        GatewayApiStatus.GatewayStatus garbage = status("- {name: h, protocol: HTTPS, port: 443, tls: {certificateRefs: [{name: bad}]}}", """
                apiVersion: v1
                kind: Secret
                metadata: {name: bad, namespace: default}
                stringData: {tls.crt: not a certificate, tls.key: not a key}
                ---
                """);
        assertEquals("InvalidCertificateRef", only(garbage, 0).reason());
    }

    @Test
    void namespaceSelectorsAdmitRoutesOfMatchingNamespaces() throws Exception {
        String namespaces = """
                apiVersion: v1
                kind: Namespace
                metadata: {name: team-a, labels: {shared: "true"}}
                ---
                apiVersion: v1
                kind: Namespace
                metadata: {name: team-b}
                ---
                """;
        GatewayTranslation t = translate(CLASS + namespaces + """
                apiVersion: gateway.networking.k8s.io/v1
                kind: Gateway
                metadata: {name: gw, namespace: default}
                spec:
                  gatewayClassName: my-gateway-class
                  listeners:
                    - name: h
                      protocol: HTTP
                      port: 80
                      allowedRoutes: {namespaces: {from: Selector, selector: {matchLabels: {shared: "true"}}}}
                ---
                """ + route("team-a") + route("team-b"));
        assertEquals("Accepted", t.routes().get(new ObjectRef("HTTPRoute", "team-a", "r")).get(0).conditions().get(0).reason());
        assertEquals("NotAllowedByListeners", t.routes().get(new ObjectRef("HTTPRoute", "team-b", "r")).get(0).conditions().get(0).reason());
        assertEquals(1, t.gateways().get(GATEWAY).listeners().get(0).attachedRoutes());
    }

    @Test
    void anHttpsListenerMayNameAnAcmeResolverInsteadOfASecret() throws Exception {
        GatewayTranslation t = translate(CLASS + """
                apiVersion: gateway.networking.k8s.io/v1
                kind: Gateway
                metadata: {name: gw, namespace: default}
                spec:
                  gatewayClassName: my-gateway-class
                  listeners:
                    - {name: s, protocol: HTTPS, port: 443, tls: {options: {jetway.io/cert-resolver: le}}}
                ---
                apiVersion: gateway.networking.k8s.io/v1
                kind: HTTPRoute
                metadata: {name: r, namespace: default}
                spec:
                  parentRefs: [{name: gw}]
                  hostnames: [a.example.com]
                  rules: [{backendRefs: [{group: traefik.io, kind: TraefikService, name: api@internal}]}]
                """, GatewayFixtures.OPTIONS);
        assertEquals("Accepted", t.gateways().get(GATEWAY).listeners().get(0).conditions().get(0).reason());
        assertEquals(new io.jetway.dynamic.RouterTls(null, "le", List.of()), t.config().routers().values().iterator().next().tls());
    }

    @Test
    void theLabelSelectorChoosesTheGatewayClassesHandled() throws Exception {
        String labelled = """
                apiVersion: gateway.networking.k8s.io/v1
                kind: GatewayClass
                metadata: {name: my-gateway-class, labels: {tier: edge}}
                spec: {controllerName: traefik.io/gateway-controller}
                ---
                apiVersion: gateway.networking.k8s.io/v1
                kind: Gateway
                metadata: {name: gw, namespace: default}
                spec:
                  gatewayClassName: my-gateway-class
                  listeners: [{name: h, protocol: HTTP, port: 80}]
                """;
        GatewayOptions edge = new GatewayOptions(false, List.of(), false, null, GatewayFixtures.ENTRY_POINTS, true, "tier=edge");
        GatewayOptions internal = new GatewayOptions(false, List.of(), false, null, GatewayFixtures.ENTRY_POINTS, true, "tier=internal");
        assertEquals(1, translate(labelled, edge).gateways().size());
        GatewayTranslation other = translate(labelled, internal);
        assertTrue(other.gateways().isEmpty() && other.classes().isEmpty(), "a class the selector leaves out gets nothing");
    }

    private static String route(String namespace) {
        return """
                apiVersion: gateway.networking.k8s.io/v1
                kind: HTTPRoute
                metadata: {name: r, namespace: %s}
                spec:
                  parentRefs: [{name: gw, namespace: default}]
                  rules: [{backendRefs: [{group: traefik.io, kind: TraefikService, name: api@internal}]}]
                ---
                """.formatted(namespace);
    }
}
