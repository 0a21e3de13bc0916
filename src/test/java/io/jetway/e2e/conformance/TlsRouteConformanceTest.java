package io.jetway.e2e.conformance;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jetway.util.TestCertificates;
import io.jetway.whoami.WhoamiServer;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import javax.net.ssl.ExtendedSSLSession;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;

import static io.jetway.e2e.conformance.ConformanceCluster.APP;
import static io.jetway.e2e.conformance.ConformanceCluster.CONSECUTIVE;
import static io.jetway.e2e.conformance.ConformanceCluster.INFRA;
import static io.jetway.e2e.conformance.ConformanceCluster.LIMIT;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Gateway API conformance v1.5.1, profile GATEWAY-TLS: the TLSRoute tests (core, and the extended
 * ones of TLSRouteModeTerminate and TLSRouteModeMixed), each named after the upstream ShortName;
 * see docs/gateway-api.md.
 *
 * <p>Besides the harness's base objects, this class starts the suite's TLS backends and writes their
 * Services and certificates: {@code tcp-backend} (the suite's TCP echo server: a welcome line, then
 * {@code PING}, {@code IS_TLS} and {@code TEST} answered, on a plain port 3000 and a TLS port 8443
 * presenting {@code tls-passthrough-checks-certificate} for abc.example.com), {@code tls-backend} and
 * {@code tls-backend-2} (HTTPS whoami servers presenting {@code tls-checks-certificate} for
 * abc.example.com and other.example.com), a {@code tls-backend} in the app namespace, the Secret
 * {@code tls-terminate-checks-certificate} (tls.example.com) and the ConfigMap
 * {@code tls-checks-ca-certificate}. All are issued by the harness's CA; the clients trust what the
 * suite's clients trust, read back from the mock.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TlsRouteConformanceTest extends ConformanceClass {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** The suite's tcpserver.WelcomeMessage. */
    private static final String WELCOME = "Gateway API Test TCP Server";

    private final List<AutoCloseable> backends = new ArrayList<>();

    @BeforeAll
    void start() throws Exception {
        TestCertificates.Issued ca = cluster.ca();
        TestCertificates.Issued passthrough = TestCertificates.issue(ca, "abc.example.com", false, "abc.example.com");
        TestCertificates.Issued checks = TestCertificates.issue(ca, "abc.example.com", false, "abc.example.com", "other.example.com");
        TestCertificates.Issued terminate = TestCertificates.issue(ca, "tls.example.com", false, "tls.example.com");

        TcpEchoServer tcp = add(TcpEchoServer.start(INFRA, "tcp-backend-x1", passthrough));
        WhoamiServer tls1 = add(WhoamiServer.start("127.0.0.1", 0, "tls-backend", serverTls(checks)));
        WhoamiServer tls2 = add(WhoamiServer.start("127.0.0.1", 0, "tls-backend-2", serverTls(checks)));
        WhoamiServer appTls = add(WhoamiServer.start("127.0.0.1", 0, APP + "/tls-backend", serverTls(passthrough)));

        StringBuilder yaml = new StringBuilder()
                .append(service(INFRA, "tcp-backend", Map.of("echo-tcp-plain", new int[]{3000, tcp.plainPort()},
                        "echo-tcp-tls", new int[]{8443, tcp.tlsPort()})))
                .append(service(INFRA, "tls-backend", Map.of("", new int[]{443, tls1.port()})))
                .append(service(INFRA, "tls-backend-2", Map.of("", new int[]{443, tls2.port()})))
                .append(service(APP, "tls-backend", Map.of("", new int[]{443, appTls.port()})))
                .append(ConformanceCluster.tlsSecret(INFRA, "tls-passthrough-checks-certificate", passthrough))
                .append(ConformanceCluster.tlsSecret(APP, "tls-passthrough-checks-certificate", passthrough))
                .append(ConformanceCluster.tlsSecret(INFRA, "tls-checks-certificate", checks))
                .append(ConformanceCluster.tlsSecret(INFRA, "tls-terminate-checks-certificate", terminate))
                .append("""
                        apiVersion: v1
                        kind: ConfigMap
                        metadata: {name: tls-checks-ca-certificate, namespace: gateway-conformance-infra}
                        data:
                          ca.crt: |
                        %s""".formatted(ca.certificatePem().indent(4)));
        Path file = dir.resolve("tls-backends.yaml");
        Files.writeString(file, yaml.toString());
        cluster.kubectl("apply", "--validate=false", "-f", file.toString());
    }

    @AfterAll
    void stop() throws Exception {
        for (AutoCloseable backend : backends) {
            backend.close();
        }
    }

    private <T extends AutoCloseable> T add(T backend) {
        backends.add(backend);
        return backend;
    }

    // ---- GATEWAY-TLS core ----

    @Test
    void TLSRouteSimpleSameNamespace() throws Exception {
        cluster.apply("""
                apiVersion: gateway.networking.k8s.io/v1
                kind: TLSRoute
                metadata: {name: gateway-conformance-infra-test, namespace: gateway-conformance-infra}
                spec:
                  parentRefs: [{name: gateway-tlsroute, namespace: gateway-conformance-infra}]
                  hostnames: [abc.example.com]
                  rules: [{backendRefs: [{name: tcp-backend, port: 8443}]}]
                ---
                apiVersion: gateway.networking.k8s.io/v1
                kind: Gateway
                metadata: {name: gateway-tlsroute, namespace: gateway-conformance-infra}
                spec:
                  gatewayClassName: jetway
                  listeners:
                  - name: https
                    port: 443
                    protocol: TLS
                    hostname: "*.example.com"
                    allowedRoutes: {namespaces: {from: Same}, kinds: [{kind: TLSRoute}]}
                    tls: {mode: Passthrough}
                """);
        cluster.gatewayAndRoutesAccepted("tlsroute", INFRA, "gateway-tlsroute", INFRA, "gateway-conformance-infra-test");
        // The client trusts the backend's certificate only: the handshake must be the backend's.
        String serverCert = secretCertificate(INFRA, "tls-passthrough-checks-certificate");
        expectTcpEcho(443, serverCert, "abc.example.com", new TcpEcho(true, "tcp-backend", INFRA, "abc.example.com"));
    }

    /**
     * As in Traefik's conformance run, all four Gateways share one address (here: listener port 443,
     * one entry point), so each check below is answered by the routes of all of them together. That
     * matters once: other.example.com through the Gateway without hostname (x-4) is served by x-2's
     * route (*.com narrowed to *.example.com), because Traefik's TLSRoute wildcard, and so Jetway's,
     * {@code HostSNIRegexp("^[a-z0-9-]+\\.com$")}, covers exactly one label where the Gateway API
     * speaks of a suffix; x-4's own {@code *.com} route does not take other.example.com.
     */
    @Test
    void TLSRouteHostnameIntersection() throws Exception {
        String serverCert = secretCertificate(INFRA, "tls-checks-certificate");
        cluster.apply(tlsGateway("gw-tlsroute-exact-hostname-x-1", "listener-exact-hostname", 443, "abc.example.com")
                + tlsGateway("gw-tlsroute-more-specific-wc-hostname-x-2", "listener-more-specific-wc-hostname", 443, "\"*.example.com\"")
                + tlsGateway("gw-tlsroute-less-specific-wc-hostname-x-3", "listener-less-specific-wc-hostname", 443, "\"*.com\"")
                + tlsGateway("gw-tlsroute-empty-hostname-x-4", "listener-empty-hostname", 443, null)
                + tlsRoute("tlsroute-more-specific-wc-hostname-x-1", "gw-tlsroute-exact-hostname-x-1", "\"*.example.com\"", "tls-backend")
                + tlsRoute("tlsroute-exact-hostname-x-2", "gw-tlsroute-more-specific-wc-hostname-x-2", "abc.example.com", "tls-backend")
                + tlsRoute("tlsroute-less-specific-wc-hostname-x-2", "gw-tlsroute-more-specific-wc-hostname-x-2", "\"*.com\"", "tls-backend-2")
                + tlsRoute("tlsroute-exact-hostname-x-3", "gw-tlsroute-less-specific-wc-hostname-x-3", "abc.example.com", "tls-backend")
                + tlsRoute("tlsroute-more-specific-wc-hostname-x-3", "gw-tlsroute-less-specific-wc-hostname-x-3", "\"*.example.com\"",
                "tls-backend-2")
                + tlsRoute("tlsroute-exact-hostname-x-4", "gw-tlsroute-empty-hostname-x-4", "abc.example.com", "tls-backend")
                + tlsRoute("tlsroute-less-specific-wc-hostname-x-4", "gw-tlsroute-empty-hostname-x-4", "\"*.com\"", "tls-backend-2"));

        // Exact listener hostname, wildcard route: the intersection abc.example.com only.
        routesAcceptedAndResolved("gw-tlsroute-exact-hostname-x-1", "tlsroute-more-specific-wc-hostname-x-1");
        expectHttps(443, serverCert, "abc.example.com", "tls-backend");
        expectRejected(443, "non.matching.com");

        // Listener *.example.com: abc.example.com exactly, and *.com narrowed to *.example.com.
        routesAcceptedAndResolved("gw-tlsroute-more-specific-wc-hostname-x-2", "tlsroute-exact-hostname-x-2",
                "tlsroute-less-specific-wc-hostname-x-2");
        // Listener *.com: the routes' more specific names are kept.
        routesAcceptedAndResolved("gw-tlsroute-less-specific-wc-hostname-x-3", "tlsroute-exact-hostname-x-3",
                "tlsroute-more-specific-wc-hostname-x-3");
        // A listener without hostname: the routes' names as they are.
        routesAcceptedAndResolved("gw-tlsroute-empty-hostname-x-4", "tlsroute-exact-hostname-x-4", "tlsroute-less-specific-wc-hostname-x-4");
        expectHttps(443, serverCert, "abc.example.com", "tls-backend");
        expectHttps(443, serverCert, "other.example.com", "tls-backend-2");
        expectRejected(443, "non.matching.com");
        expectRejected(443, "non.matching.org");
    }

    private void routesAcceptedAndResolved(String gateway, String... routes) throws Exception {
        cluster.gatewayAndRoutesAccepted("tlsroute", INFRA, gateway, INFRA, routes);
        for (String route : routes) {
            cluster.routeCondition("tlsroute", INFRA, route, INFRA, gateway, "ResolvedRefs", "True", "ResolvedRefs");
        }
    }

    @Test
    void TLSRouteInvalidBackendRefNonexistent() throws Exception {
        cluster.apply(passthroughGateway("gateway-tlsroute-invalid-backend-ref-nonexistent") + """
                apiVersion: gateway.networking.k8s.io/v1
                kind: TLSRoute
                metadata: {name: invalid-backend-ref-nonexistent, namespace: gateway-conformance-infra}
                spec:
                  parentRefs: [{name: gateway-tlsroute-invalid-backend-ref-nonexistent, namespace: gateway-conformance-infra}]
                  hostnames: [example.com]
                  rules: [{backendRefs: [{name: nonexistent, namespace: gateway-conformance-infra, port: 443}]}]
                """);
        cluster.gatewayAndRoutesAccepted("tlsroute", INFRA, "gateway-tlsroute-invalid-backend-ref-nonexistent", INFRA,
                "invalid-backend-ref-nonexistent");
        cluster.routeCondition("tlsroute", INFRA, "invalid-backend-ref-nonexistent", INFRA, "gateway-tlsroute-invalid-backend-ref-nonexistent",
                "ResolvedRefs", "False", "BackendNotFound");
        expectRejected(443, "example.com");
    }

    @Test
    void TLSRouteInvalidBackendRefUnknownKind() throws Exception {
        cluster.apply(passthroughGateway("gateway-tlsroute-invalid-backend-ref-unknown-kind") + """
                apiVersion: gateway.networking.k8s.io/v1
                kind: TLSRoute
                metadata: {name: invalid-backend-ref-unknown-kind, namespace: gateway-conformance-infra}
                spec:
                  parentRefs: [{name: gateway-tlsroute-invalid-backend-ref-unknown-kind, namespace: gateway-conformance-infra}]
                  hostnames: [example.com]
                  rules: [{backendRefs: [{group: unknownkind.example.com, kind: NonExistent, name: tls-backend, port: 443}]}]
                """);
        cluster.gatewayAndRoutesAccepted("tlsroute", INFRA, "gateway-tlsroute-invalid-backend-ref-unknown-kind", INFRA,
                "invalid-backend-ref-unknown-kind");
        cluster.routeCondition("tlsroute", INFRA, "invalid-backend-ref-unknown-kind", INFRA, "gateway-tlsroute-invalid-backend-ref-unknown-kind",
                "ResolvedRefs", "False", "InvalidKind");
        expectRejected(443, "example.com");
    }

    @Test
    void TLSRouteInvalidNoMatchingListener() throws Exception {
        cluster.apply("""
                apiVersion: gateway.networking.k8s.io/v1
                kind: Gateway
                metadata: {name: gateway-tlsroute-tls-passthrough-only, namespace: gateway-conformance-infra}
                spec:
                  gatewayClassName: jetway
                  listeners:
                  - {name: tls-passthrough, protocol: TLS, port: 443, allowedRoutes: {namespaces: {from: Same}}, tls: {mode: Passthrough}}
                ---
                apiVersion: gateway.networking.k8s.io/v1
                kind: Gateway
                metadata: {name: gateway-tlsroute-http-only, namespace: gateway-conformance-infra}
                spec:
                  gatewayClassName: jetway
                  listeners:
                  - {name: http, port: 80, protocol: HTTP, allowedRoutes: {namespaces: {from: Same}}}
                ---
                apiVersion: gateway.networking.k8s.io/v1
                kind: Gateway
                metadata: {name: gateway-tlsroute-https-only, namespace: gateway-conformance-infra}
                spec:
                  gatewayClassName: jetway
                  listeners:
                  - name: https
                    port: 443
                    protocol: HTTPS
                    allowedRoutes: {namespaces: {from: Same}}
                    tls:
                      mode: Terminate
                      certificateRefs: [{name: tls-validity-checks-certificate, namespace: gateway-conformance-infra}]
                ---
                apiVersion: gateway.networking.k8s.io/v1
                kind: TLSRoute
                metadata: {name: tlsroute-not-allowed-protocol-http, namespace: gateway-conformance-infra}
                spec:
                  parentRefs: [{name: gateway-tlsroute-http-only}]
                  hostnames: [tls.example.com]
                  rules: [{backendRefs: [{name: tls-backend, port: 443}]}]
                ---
                apiVersion: gateway.networking.k8s.io/v1
                kind: TLSRoute
                metadata: {name: tlsroute-not-allowed-protocol-https, namespace: gateway-conformance-infra}
                spec:
                  parentRefs: [{name: gateway-tlsroute-https-only}]
                  hostnames: [tls.example.com]
                  rules: [{backendRefs: [{name: tls-backend, port: 443}]}]
                ---
                apiVersion: gateway.networking.k8s.io/v1
                kind: TLSRoute
                metadata: {name: tlsroute-no-matching-section-name, namespace: gateway-conformance-infra}
                spec:
                  parentRefs: [{name: gateway-tlsroute-tls-passthrough-only, sectionName: nonexistent-listener}]
                  hostnames: [tls.example.com]
                  rules: [{backendRefs: [{name: tls-backend, port: 443}]}]
                """);
        cluster.routeCondition("tlsroute", INFRA, "tlsroute-not-allowed-protocol-http", INFRA, "gateway-tlsroute-http-only",
                "Accepted", "False", "NotAllowedByListeners");
        cluster.routeCondition("tlsroute", INFRA, "tlsroute-not-allowed-protocol-https", INFRA, "gateway-tlsroute-https-only",
                "Accepted", "False", "NotAllowedByListeners");
        cluster.routeCondition("tlsroute", INFRA, "tlsroute-no-matching-section-name", INFRA, "gateway-tlsroute-tls-passthrough-only",
                "Accepted", "False", "NoMatchingParent");
        for (String route : List.of("tlsroute-not-allowed-protocol-http", "tlsroute-not-allowed-protocol-https",
                "tlsroute-no-matching-section-name")) {
            noAcceptedParents(route);
        }
        zeroRoutes("gateway-tlsroute-http-only");
        zeroRoutes("gateway-tlsroute-https-only");
    }

    @Test
    void TLSRouteInvalidNoMatchingListenerHostname() throws Exception {
        cluster.apply(tlsGateway("gateway-tls-exact-hostname", "tls", 443, "www.example.com")
                + tlsGateway("gateway-tls-wildcard-hostname", "tls", 443, "\"*.example.com\"")
                + tlsRoute("tlsroute-hostname-mismatch-1", "gateway-tls-exact-hostname", "www.nomatch.com, \"*.nomatch.com\"", "tls-backend")
                + tlsRoute("tlsroute-hostname-mismatch-2", "gateway-tls-wildcard-hostname", "www.different.com, \"*.different.com\"",
                "tls-backend"));
        cluster.routeCondition("tlsroute", INFRA, "tlsroute-hostname-mismatch-1", INFRA, "gateway-tls-exact-hostname",
                "Accepted", "False", "NoMatchingListenerHostname");
        cluster.routeCondition("tlsroute", INFRA, "tlsroute-hostname-mismatch-2", INFRA, "gateway-tls-wildcard-hostname",
                "Accepted", "False", "NoMatchingListenerHostname");
        noAcceptedParents("tlsroute-hostname-mismatch-1");
        noAcceptedParents("tlsroute-hostname-mismatch-2");
        zeroRoutes("gateway-tls-exact-hostname");
        zeroRoutes("gateway-tls-wildcard-hostname");
    }

    @Test
    void TLSRouteInvalidReferenceGrant() throws Exception {
        StringBuilder grants = new StringBuilder();
        grants.append(grant("reference-grant-wrong-namespace", INFRA, "gateway.networking.k8s.io", "TLSRoute", INFRA, "\"\"", "Service",
                "tls-backend"));
        grants.append(grant("reference-grant-wrong-from-group", APP, "not-the-group-youre-looking-for", "TLSRoute", INFRA, "\"\"",
                "Service", "tls-backend"));
        grants.append(grant("reference-grant-wrong-from-kind", APP, "gateway.networking.k8s.io", "Gateway", INFRA, "\"\"", "Service",
                "tls-backend"));
        grants.append(grant("reference-grant-wrong-from-namespace", APP, "gateway.networking.k8s.io", "TLSRoute",
                "not-the-namespace-youre-looking-for", "\"\"", "Service", "tls-backend"));
        grants.append(grant("reference-grant-wrong-to-group", APP, "gateway.networking.k8s.io", "TLSRoute", INFRA,
                "not-the-group-youre-looking-for", "Service", "tls-backend"));
        grants.append(grant("reference-grant-wrong-to-kind", APP, "gateway.networking.k8s.io", "TLSRoute", INFRA, "\"\"", "Secret",
                "tls-backend"));
        grants.append(grant("reference-grant-wrong-to-name", APP, "gateway.networking.k8s.io", "TLSRoute", INFRA, "\"\"", "Service",
                "not-the-service-youre-looking-for"));
        cluster.apply(grants + """
                apiVersion: gateway.networking.k8s.io/v1
                kind: TLSRoute
                metadata: {name: gateway-conformance-infra-test, namespace: gateway-conformance-infra}
                spec:
                  parentRefs: [{name: gateway-tlsroute-referencegrant}]
                  hostnames: [abc.example.com]
                  rules: [{backendRefs: [{name: tls-backend, namespace: gateway-conformance-app-backend, port: 443}]}]
                ---
                """ + tlsGateway("gateway-tlsroute-referencegrant", "https", 443, "\"*.example.com\""));
        cluster.gatewayAndRoutesAccepted("tlsroute", INFRA, "gateway-tlsroute-referencegrant", INFRA, "gateway-conformance-infra-test");
        cluster.routeCondition("tlsroute", INFRA, "gateway-conformance-infra-test", INFRA, "gateway-tlsroute-referencegrant",
                "ResolvedRefs", "False", "RefNotPermitted");
        // Not in the suite, which checks the condition only: the refused backend is not reached either.
        expectRejected(443, "abc.example.com");
    }

    @Test
    void TLSRouteListenerPassthroughSupportedKinds() throws Exception {
        cluster.apply("""
                apiVersion: gateway.networking.k8s.io/v1
                kind: Gateway
                metadata: {name: gateway-tlsroute-passthrough-supported-kind, namespace: gateway-conformance-infra}
                spec:
                  gatewayClassName: jetway
                  listeners:
                  - name: tls-passthrough
                    port: 443
                    protocol: TLS
                    allowedRoutes: {namespaces: {from: Same}, kinds: [{kind: TCPRoute}, {kind: TLSRoute}]}
                    tls: {mode: Passthrough}
                """);
        cluster.awaitListener(INFRA, "gateway-tlsroute-passthrough-supported-kind", "tls-passthrough", List.of("TLSRoute"),
                "ResolvedRefs", "False", "InvalidRouteKinds", 0);
        onlyKinds("gateway-tlsroute-passthrough-supported-kind", "tls-passthrough", List.of("TLSRoute"));
    }

    // ---- GATEWAY-TLS extended (TLSRouteModeTerminate, TLSRouteModeMixed) ----

    @Test
    void TLSRouteListenerTerminateSupportedKinds() throws Exception {
        cluster.apply("""
                apiVersion: gateway.networking.k8s.io/v1
                kind: Gateway
                metadata: {name: gateway-tlsroute-terminate-supported, namespace: gateway-conformance-infra}
                spec:
                  gatewayClassName: jetway
                  listeners:
                  - name: tls-terminate
                    port: 8443
                    protocol: TLS
                    hostname: terminate.example.com
                    allowedRoutes: {namespaces: {from: Same}, kinds: [{kind: TLSRoute}]}
                    tls: {mode: Terminate, certificateRefs: [{name: tls-terminate-checks-certificate}]}
                """);
        cluster.awaitListener(INFRA, "gateway-tlsroute-terminate-supported", "tls-terminate", List.of("TLSRoute"),
                "Accepted", "True", "Accepted", 0);
        onlyKinds("gateway-tlsroute-terminate-supported", "tls-terminate", List.of("TLSRoute"));
    }

    @Test
    void TLSRouteTerminateSimpleSameNamespace() throws Exception {
        cluster.apply("""
                apiVersion: gateway.networking.k8s.io/v1
                kind: TLSRoute
                metadata: {name: tlsroute-terminated-test, namespace: gateway-conformance-infra}
                spec:
                  parentRefs: [{name: gateway-tlsroute-terminate, namespace: gateway-conformance-infra}]
                  hostnames: [tls.example.com]
                  rules: [{backendRefs: [{name: tcp-backend, port: 3000}]}]
                ---
                apiVersion: gateway.networking.k8s.io/v1
                kind: Gateway
                metadata: {name: gateway-tlsroute-terminate, namespace: gateway-conformance-infra}
                spec:
                  gatewayClassName: jetway
                  listeners:
                  - name: tlsterminate
                    port: 8443
                    protocol: TLS
                    hostname: tls.example.com
                    allowedRoutes: {namespaces: {from: Same}, kinds: [{kind: TLSRoute}]}
                    tls: {mode: Terminate, certificateRefs: [{name: tls-terminate-checks-certificate}]}
                """);
        cluster.gatewayAndRoutesAccepted("tlsroute", INFRA, "gateway-tlsroute-terminate", INFRA, "tlsroute-terminated-test");
        // Jetway's handshake with the listener's certificate (the client trusts the CA only), then plain TCP to the backend.
        expectTcpEcho(8443, configMapCa(), "tls.example.com", new TcpEcho(false, "tcp-backend", INFRA, ""));
    }

    @Test
    void TLSRouteMixedTerminationSameNamespace() throws Exception {
        cluster.apply("""
                apiVersion: gateway.networking.k8s.io/v1
                kind: Gateway
                metadata: {name: gateway-tlsroute-mixed-termination, namespace: gateway-conformance-infra}
                spec:
                  gatewayClassName: jetway
                  listeners:
                  - name: tls-terminate
                    port: 8883
                    protocol: TLS
                    hostname: tls.example.com
                    allowedRoutes: {namespaces: {from: Same}, kinds: [{kind: TLSRoute}]}
                    tls: {mode: Terminate, certificateRefs: [{name: tls-terminate-checks-certificate}]}
                  - name: tls-passthrough
                    port: 8883
                    protocol: TLS
                    hostname: abc.example.com
                    allowedRoutes: {namespaces: {from: Same}, kinds: [{kind: TLSRoute}]}
                    tls: {mode: Passthrough}
                ---
                apiVersion: gateway.networking.k8s.io/v1
                kind: TLSRoute
                metadata: {name: gateway-conformance-mixed-passthroughroute, namespace: gateway-conformance-infra}
                spec:
                  parentRefs: [{name: gateway-tlsroute-mixed-termination, namespace: gateway-conformance-infra}]
                  hostnames: [abc.example.com]
                  rules: [{backendRefs: [{name: tcp-backend, port: 8443}]}]
                ---
                apiVersion: gateway.networking.k8s.io/v1
                kind: TLSRoute
                metadata: {name: gateway-conformance-mixed-terminateroute, namespace: gateway-conformance-infra}
                spec:
                  parentRefs: [{name: gateway-tlsroute-mixed-termination, namespace: gateway-conformance-infra}]
                  hostnames: [tls.example.com]
                  rules: [{backendRefs: [{name: tcp-backend, port: 3000}]}]
                """);
        cluster.gatewayAndRoutesAccepted("tlsroute", INFRA, "gateway-tlsroute-mixed-termination", INFRA,
                "gateway-conformance-mixed-passthroughroute");
        for (String listener : List.of("tls-terminate", "tls-passthrough")) {
            cluster.awaitListener(INFRA, "gateway-tlsroute-mixed-termination", listener, List.of("TLSRoute"), "Accepted", "True",
                    "Accepted", 1);
        }
        cluster.gatewayAndRoutesAccepted("tlsroute", INFRA, "gateway-tlsroute-mixed-termination", INFRA,
                "gateway-conformance-mixed-terminateroute");
        expectTcpEcho(8883, configMapCa(), "tls.example.com", new TcpEcho(false, "tcp-backend", INFRA, ""));
        expectTcpEcho(8883, secretCertificate(INFRA, "tls-passthrough-checks-certificate"), "abc.example.com",
                new TcpEcho(true, "tcp-backend", INFRA, "abc.example.com"));
    }

    // ---- manifests ----

    /** A Gateway with one Passthrough TLS listener for TLSRoutes of its namespace; no hostname when null. */
    private static String tlsGateway(String name, String listener, int port, String hostname) {
        return """
                apiVersion: gateway.networking.k8s.io/v1
                kind: Gateway
                metadata: {name: %s, namespace: gateway-conformance-infra}
                spec:
                  gatewayClassName: jetway
                  listeners:
                  - name: %s
                    protocol: TLS
                    port: %d
                    %s
                    allowedRoutes: {namespaces: {from: Same}, kinds: [{kind: TLSRoute}]}
                    tls: {mode: Passthrough}
                ---
                """.formatted(name, listener, port, hostname == null ? "" : "hostname: " + hostname);
    }

    /** The suite's Gateway for the invalid-backend tests: one Passthrough listener {@code tls} on 443, no kinds. */
    private static String passthroughGateway(String name) {
        return """
                apiVersion: gateway.networking.k8s.io/v1
                kind: Gateway
                metadata: {name: %s, namespace: gateway-conformance-infra}
                spec:
                  gatewayClassName: jetway
                  listeners:
                  - {name: tls, protocol: TLS, port: 443, allowedRoutes: {namespaces: {from: Same}}, tls: {mode: Passthrough}}
                ---
                """.formatted(name);
    }

    private static String tlsRoute(String name, String gateway, String hostnames, String backend) {
        return """
                apiVersion: gateway.networking.k8s.io/v1
                kind: TLSRoute
                metadata: {name: %s, namespace: gateway-conformance-infra}
                spec:
                  parentRefs: [{name: %s, namespace: gateway-conformance-infra}]
                  hostnames: [%s]
                  rules: [{backendRefs: [{name: %s, port: 443}]}]
                ---
                """.formatted(name, gateway, hostnames, backend);
    }

    private static String grant(String name, String namespace, String fromGroup, String fromKind, String fromNamespace, String toGroup,
                                String toKind, String toName) {
        return """
                apiVersion: gateway.networking.k8s.io/v1beta1
                kind: ReferenceGrant
                metadata: {name: %s, namespace: %s}
                spec:
                  from: [{group: %s, kind: %s, namespace: %s}]
                  to: [{group: %s, kind: %s, name: %s}]
                ---
                """.formatted(name, namespace, fromGroup, fromKind, fromNamespace, toGroup, toKind, toName);
    }

    /** A Service with these ports (name -> service port, backend port) and its EndpointSlice on 127.0.0.1. */
    private static String service(String namespace, String name, Map<String, int[]> ports) {
        StringBuilder servicePorts = new StringBuilder();
        StringBuilder slicePorts = new StringBuilder();
        for (Map.Entry<String, int[]> port : ports.entrySet()) {
            String portName = port.getKey().isEmpty() ? "" : "name: " + port.getKey() + ", ";
            servicePorts.append(servicePorts.isEmpty() ? "" : ", ").append("{%sprotocol: TCP, port: %d, targetPort: %d}"
                    .formatted(portName, port.getValue()[0], port.getValue()[1]));
            slicePorts.append(slicePorts.isEmpty() ? "" : ", ").append("{name: \"%s\", port: %d, protocol: TCP}"
                    .formatted(port.getKey(), port.getValue()[1]));
        }
        return ConformanceCluster.serviceWithSlice(namespace, name, "[" + servicePorts + "]", "[" + slicePorts + "]");
    }

    // ---- status ----

    /** The suite's TLSRouteMustHaveNoAcceptedParents: no parent at all, or one that is not Accepted. */
    private void noAcceptedParents(String route) throws Exception {
        cluster.awaitJson("tlsroute", INFRA, route, r -> {
            JsonNode parents = r.path("status").path("parents");
            return parents.size() == 1 && "False".equals(ConformanceCluster.condition(parents.get(0), "Accepted").path("status").asText());
        }, "no accepted parent");
    }

    /** The suite's GatewayMustHaveZeroRoutes: no listener status, or one listener with 0 attached routes. */
    private void zeroRoutes(String gateway) throws Exception {
        cluster.awaitJson("gateway", INFRA, gateway, g -> {
            JsonNode listeners = g.path("status").path("listeners");
            return listeners.size() == 1 && listeners.get(0).path("attachedRoutes").asInt(-1) == 0;
        }, "one listener with 0 attached routes");
    }

    /** The listener's supportedKinds are exactly these (group gateway.networking.k8s.io). */
    private void onlyKinds(String gateway, String listener, List<String> kinds) throws Exception {
        cluster.awaitJson("gateway", INFRA, gateway, g -> {
            List<String> got = new ArrayList<>();
            ConformanceCluster.listener(g, listener).path("supportedKinds")
                    .forEach(k -> got.add(k.path("group").asText("gateway.networking.k8s.io") + "/" + k.path("kind").asText()));
            return got.equals(kinds.stream().map(k -> "gateway.networking.k8s.io/" + k).toList());
        }, "listener " + listener + " supportedKinds " + kinds);
    }

    private String secretCertificate(String namespace, String name) throws Exception {
        String encoded = cluster.get("secret", namespace, name).path("data").path("tls.crt").asText();
        return new String(java.util.Base64.getDecoder().decode(encoded), StandardCharsets.US_ASCII);
    }

    private String configMapCa() throws Exception {
        return cluster.get("configmap", INFRA, "tls-checks-ca-certificate").path("data").path("ca.crt").asText();
    }

    // ---- clients ----

    /** What the suite's TCP echo server tells: TLS or not, its pod's backend and namespace, the SNI it saw. */
    record TcpEcho(boolean tls, String backend, String namespace, String serverName) {
    }

    /**
     * The suite's MakeTCPRequestAndExpectEventuallyValidResponse over TLS: a handshake trusting these
     * PEM certificates with this SNI, then the welcome line, PING/PONG, IS_TLS and TEST, whose pod
     * must be the backend's and whose server name (empty when the Gateway terminated TLS) the SNI.
     */
    private void expectTcpEcho(int listenerPort, String trustedPem, String serverName, TcpEcho expected) throws Exception {
        SSLContext context = trusting(trustedPem);
        expect(() -> {
            try (SSLSocket s = handshake(context, cluster.port(listenerPort), serverName)) {
                BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8));
                OutputStream out = s.getOutputStream();
                String welcome = in.readLine();
                out.write("PING\n".getBytes(StandardCharsets.US_ASCII));
                String pong = in.readLine();
                out.write("IS_TLS\n".getBytes(StandardCharsets.US_ASCII));
                String isTls = in.readLine();
                out.write("TEST\n".getBytes(StandardCharsets.US_ASCII));
                JsonNode test = JSON.readTree(in.readLine());
                TcpEcho got = new TcpEcho(Boolean.parseBoolean(isTls), test.path("pod").asText().replaceFirst("-[^-]+$", ""),
                        test.path("namespace").asText(), test.path("tls").path("serverName").asText(""));
                return WELCOME.equals(welcome) && "PONG".equals(pong) && got.equals(expected) ? null
                        : "welcome " + welcome + ", " + pong + ", " + got;
            }
        }, "TLS to :" + listenerPort + " with SNI " + serverName + " -> " + expected);
    }

    /** The suite's MakeTLSRequestAndExpectEventuallyConsistentResponse: GET / over TLS reaches that HTTPS backend. */
    private void expectHttps(int listenerPort, String trustedPem, String host, String backend) throws Exception {
        SSLContext context = trusting(trustedPem);
        expect(() -> {
            try (SSLSocket s = handshake(context, cluster.port(listenerPort), host)) {
                s.getOutputStream().write(("GET / HTTP/1.1\r\nHost: " + host + "\r\nConnection: close\r\n\r\n")
                        .getBytes(StandardCharsets.US_ASCII));
                String answer = new String(s.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
                String head = answer.split("\r\n\r\n", 2)[0];
                return head.startsWith("HTTP/1.1 200") && head.contains("\r\nX-Whoami-Name: " + backend + "\r\n") ? null
                        : head.lines().limit(8).toList().toString();
            }
        }, "GET https://" + host + "/ on :" + listenerPort + " -> 200 from " + backend);
    }

    /**
     * The suite's MakeTLSConnectionAndExpectEventuallyConnectionRejection: the handshake ends in a
     * close or a reset before any certificate arrives (a client trusting any certificate notices
     * whether one came; the suite's would fail on it with a verification error, not a rejection).
     */
    private void expectRejected(int listenerPort, String serverName) throws Exception {
        expect(() -> {
            AtomicBoolean certificateSeen = new AtomicBoolean();
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, new TrustManager[]{new X509TrustManager() {
                @Override
                public void checkClientTrusted(X509Certificate[] chain, String authType) {
                }

                @Override
                public void checkServerTrusted(X509Certificate[] chain, String authType) {
                    certificateSeen.set(true);
                }

                @Override
                public X509Certificate[] getAcceptedIssuers() {
                    return new X509Certificate[0];
                }
            }}, null);
            try (SSLSocket ignored = handshake(context, cluster.port(listenerPort), serverName)) {
                return "the handshake completed";
            } catch (IOException e) {
                boolean closed = false;
                for (Throwable t = e; t != null; t = t.getCause()) {
                    closed |= t instanceof EOFException || (t instanceof SocketException && String.valueOf(t.getMessage()).contains("reset"))
                            || String.valueOf(t.getMessage()).contains("Remote host terminated the handshake");
                }
                return closed && !certificateSeen.get() ? null : (certificateSeen.get() ? "a certificate came; " : "") + e;
            }
        }, "TLS to :" + listenerPort + " with SNI " + serverName + " rejected");
    }

    /** A handshake as Go's client makes it: SNI, TLS 1.2 or 1.3, no ALPN, the certificate checked against the name. */
    private static SSLSocket handshake(SSLContext context, int port, String serverName) throws IOException {
        SSLSocket s = (SSLSocket) context.getSocketFactory().createSocket(InetAddress.getLoopbackAddress(), port);
        try {
            s.setSoTimeout(5_000);
            SSLParameters parameters = s.getSSLParameters();
            parameters.setServerNames(List.of(new SNIHostName(serverName)));
            parameters.setEndpointIdentificationAlgorithm("HTTPS");
            parameters.setProtocols(new String[]{"TLSv1.3", "TLSv1.2"});
            s.setSSLParameters(parameters);
            s.startHandshake();
            return s;
        } catch (IOException | RuntimeException e) {
            s.close();
            throw e;
        }
    }

    /** A client context trusting exactly these PEM certificates, as Go's RootCAs built from them. */
    private static SSLContext trusting(String pem) throws Exception {
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        int i = 0;
        for (Certificate c : CertificateFactory.getInstance("X.509")
                .generateCertificates(new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII)))) {
            store.setCertificateEntry("trusted-" + (i++), c);
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(store);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, tmf.getTrustManagers(), null);
        return context;
    }

    /** One attempt: null when the answer is the expected one, else what was seen. */
    private interface Attempt {
        String run() throws Exception;
    }

    /** Until {@link ConformanceCluster#CONSECUTIVE} attempts in a row succeed, within {@link ConformanceCluster#LIMIT}. */
    private static void expect(Attempt attempt, String what) throws Exception {
        long deadline = System.nanoTime() + LIMIT.toNanos();
        int streak = 0;
        String last;
        do {
            try {
                last = attempt.run();
            } catch (Exception e) {
                last = e.toString();
            }
            streak = last == null ? streak + 1 : 0;
            if (streak >= CONSECUTIVE) {
                return;
            }
            Thread.sleep(streak > 0 ? 10 : 200);
        } while (System.nanoTime() < deadline);
        fail(what + "; last: " + last);
    }

    private static SslContextFactory.Server serverTls(TestCertificates.Issued cert) throws Exception {
        SslContextFactory.Server tls = new SslContextFactory.Server();
        tls.setKeyStore(cert.keyStore());
        tls.setKeyStorePassword(new String(TestCertificates.PASSWORD));
        // The backend answers whatever name the client asked for, as echo-basic does.
        tls.setSniRequired(false);
        return tls;
    }

    // ---- the suite's TCP echo backend ----

    /**
     * echo-basic's tcpserver: on each connection (plain, or TLS after the handshake) a welcome line,
     * then per line {@code PING} -> {@code PONG}, {@code IS_TLS} -> true/false, {@code TEST} -> a JSON
     * object with the namespace, the pod and, over TLS, the server name the client asked for.
     */
    static final class TcpEchoServer implements AutoCloseable {
        private final String namespace;
        private final String pod;
        private final ServerSocket plain;
        private final SSLServerSocket tls;
        private final ExecutorService threads = Executors.newCachedThreadPool();

        private TcpEchoServer(String namespace, String pod, ServerSocket plain, SSLServerSocket tls) {
            this.namespace = namespace;
            this.pod = pod;
            this.plain = plain;
            this.tls = tls;
            threads.execute(() -> accept(plain, false));
            threads.execute(() -> accept(tls, true));
        }

        static TcpEchoServer start(String namespace, String pod, TestCertificates.Issued cert) throws Exception {
            KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(cert.keyStore(), TestCertificates.PASSWORD);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(kmf.getKeyManagers(), null, null);
            return new TcpEchoServer(namespace, pod, new ServerSocket(0, 50, InetAddress.getLoopbackAddress()),
                    (SSLServerSocket) context.getServerSocketFactory().createServerSocket(0, 50, InetAddress.getLoopbackAddress()));
        }

        int plainPort() {
            return plain.getLocalPort();
        }

        int tlsPort() {
            return tls.getLocalPort();
        }

        private void accept(ServerSocket server, boolean isTls) {
            while (!server.isClosed()) {
                try {
                    Socket s = server.accept();
                    threads.execute(() -> serve(s, isTls));
                } catch (IOException closed) {
                    return;
                }
            }
        }

        private void serve(Socket s, boolean isTls) {
            try (s) {
                Map<String, Object> test = new LinkedHashMap<>();
                test.put("namespace", namespace);
                test.put("pod", pod);
                test.put("isTLS", isTls);
                if (isTls) {
                    SSLSocket ssl = (SSLSocket) s;
                    ssl.startHandshake();
                    String serverName = ssl.getSession() instanceof ExtendedSSLSession ext ? ext.getRequestedServerNames().stream()
                            .filter(n -> n instanceof SNIHostName).map(n -> ((SNIHostName) n).getAsciiName()).findFirst().orElse("") : "";
                    test.put("tls", Map.of("serverName", serverName, "version", ssl.getSession().getProtocol()));
                }
                OutputStream out = s.getOutputStream();
                out.write((WELCOME + "\n").getBytes(StandardCharsets.US_ASCII));
                out.flush();
                BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8));
                String line;
                while ((line = in.readLine()) != null) {
                    String answer = switch (line) {
                        case "TEST" -> JSON.writeValueAsString(test);
                        case "IS_TLS" -> String.valueOf(isTls);
                        case "PING" -> "PONG";
                        default -> null;
                    };
                    if (answer != null) {
                        out.write((answer + "\n").getBytes(StandardCharsets.UTF_8));
                        out.flush();
                    }
                }
            } catch (IOException gone) {
                // The client went away; the next connection is served all the same.
            }
        }

        @Override
        public void close() throws IOException {
            try {
                plain.close();
                tls.close();
            } finally {
                threads.shutdownNow();
            }
        }
    }
}
