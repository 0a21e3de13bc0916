package io.jetway.translate.crd;

import io.jetway.dynamic.DynamicConfig;
import io.jetway.dynamic.ServersTransport.ForwardingTimeouts;
import io.jetway.dynamic.ServersTransport;
import io.jetway.dynamic.ServiceConfig.LoadBalancer;
import io.jetway.kube.ObjectRef;
import io.jetway.kube.Problem;
import io.jetway.util.Pem;
import io.jetway.util.TestCertificates.Issued;
import io.jetway.util.TestCertificates;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.security.interfaces.ECPrivateKey;
import java.time.Duration;
import java.util.List;

import static io.jetway.translate.crd.CrdTranslatorTest.WHOAMI;
import static io.jetway.translate.crd.CrdTranslatorTest.translate;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** ServersTransport objects: YAML (with Secrets and ConfigMaps) in, model and problems out. */
class ServersTransportTranslatorTest {

    static Issued ca;
    static Issued clientEc;
    static Issued clientRsa;

    @BeforeAll
    static void certificates() throws Exception {
        ca = TestCertificates.ca("test-ca");
        clientEc = TestCertificates.issue(ca, "client-ec", false);
        clientRsa = TestCertificates.issue(ca, "client-rsa", true);
    }

    static String indent(String text, int spaces) {
        return text.indent(spaces).stripTrailing();
    }

    static String secrets() {
        return """
                apiVersion: v1
                kind: Secret
                metadata: {name: ca-secret}
                data:
                  ca.crt: %s
                ---
                apiVersion: v1
                kind: ConfigMap
                metadata: {name: ca-map}
                data:
                  ca.crt: |
                %s
                ---
                apiVersion: v1
                kind: Secret
                metadata: {name: client-ec}
                type: kubernetes.io/tls
                stringData:
                  tls.crt: |
                %s
                  tls.key: |
                %s
                ---
                apiVersion: v1
                kind: Secret
                metadata: {name: client-rsa}
                type: kubernetes.io/tls
                data:
                  tls.crt: %s
                  tls.key: %s
                ---
                """.formatted(TestCertificates.base64(ca.certificatePem()), indent(ca.certificatePem(), 4),
                indent(clientEc.certificatePem(), 4), indent(clientEc.traditionalPrivateKeyPem(), 4),
                TestCertificates.base64(clientRsa.certificatePem()),
                TestCertificates.base64(clientRsa.traditionalPrivateKeyPem()));
    }

    static String route(String name, String transport) {
        return """
                apiVersion: traefik.io/v1alpha1
                kind: IngressRoute
                metadata: {name: %s}
                spec:
                  routes:
                    - match: Host(`%s.example.com`)
                      services:
                        - {name: whoami, port: 443, serversTransport: %s}
                ---
                """.formatted(name, name, transport);
    }

    static String routeName(String name) {
        return CrdNames.qualify(CrdNames.routeKey("default", name, "Host(`" + name + ".example.com`)"));
    }

    @Test
    void readsEveryFieldWithItsSecretsAndConfigMaps() throws Exception {
        DynamicConfig c = translate(WHOAMI + secrets() + """
                apiVersion: traefik.containo.us/v1alpha1
                kind: ServersTransport
                metadata: {name: mtls}
                spec:
                  serverName: backend.internal
                  insecureSkipVerify: false
                  rootCAs:
                    - secret: ca-secret
                    - configMap: ca-map
                  rootCAsSecrets: [ca-secret]
                  certificatesSecrets: [client-ec, client-rsa]
                  maxIdleConnsPerHost: 7
                  disableHTTP2: true
                  peerCertURI: spiffe://cluster.local/ns/default/sa/backend
                  forwardingTimeouts:
                    dialTimeout: 5s
                    responseHeaderTimeout: 2
                    idleConnTimeout: 1m
                    readIdleTimeout: 10s
                    pingTimeout: 15s
                ---
                """ + route("secure", "mtls"));
        assertEquals(List.of(), c.problems());
        ServersTransport t = c.serversTransports().get("default-mtls@kubernetescrd");
        assertNotNull(t, c.serversTransports().toString());
        assertEquals("backend.internal", t.serverName());
        assertFalse(t.insecureSkipVerify());
        assertEquals(3, t.rootCAs().size());
        for (String pem : t.rootCAs()) {
            assertEquals(ca.certificate(), Pem.certificates(pem).get(0), "the Secret's base64 and the ConfigMap's text agree");
        }
        assertEquals(2, t.certificates().size());
        assertEquals(((ECPrivateKey) clientEc.keys().getPrivate()).getS(),
                ((ECPrivateKey) Pem.privateKey(t.certificates().get(0).privateKeyPem())).getS(), "SEC1 EC key from stringData");
        assertEquals(clientRsa.keys().getPrivate(), Pem.privateKey(t.certificates().get(1).privateKeyPem()),
                "PKCS#1 RSA key from base64 data");
        assertEquals(7, t.maxIdleConnsPerHost());
        assertTrue(t.disableHTTP2());
        assertEquals("spiffe://cluster.local/ns/default/sa/backend", t.peerCertURI());
        assertEquals(new ForwardingTimeouts(Duration.ofSeconds(5), Duration.ofSeconds(2), Duration.ofMinutes(1)),
                t.forwardingTimeouts());
        assertEquals(new ObjectRef("ServersTransport", "default", "mtls"), t.source());
        assertFalse(t.certificates().toString().contains("PRIVATE KEY"), "keys are never printed");

        LoadBalancer lb = (LoadBalancer) c.services().get(routeName("secure"));
        assertEquals("default-mtls@kubernetescrd", lb.serversTransport());
        assertTrue(lb.servers().get(0).url().startsWith("https://"), "port 443 means https");
    }

    @Test
    void anEmptySpecHasTraefiksDefaults() throws Exception {
        DynamicConfig c = translate("""
                apiVersion: traefik.io/v1alpha1
                kind: ServersTransport
                metadata: {name: plain, namespace: apps}
                spec: {}
                """);
        assertEquals(List.of(), c.problems());
        assertEquals(new ServersTransport("apps-plain@kubernetescrd", "", false, List.of(), List.of(), 200, false, "",
                new ForwardingTimeouts(Duration.ofSeconds(30), Duration.ZERO, Duration.ofSeconds(90)),
                new ObjectRef("ServersTransport", "apps", "plain")), c.serversTransports().get("apps-plain@kubernetescrd"));
    }

    @Test
    void missingSecretsAndBadPemDisableTheTransportAndTheRoutesUsingIt() throws Exception {
        DynamicConfig c = translate(WHOAMI + secrets() + """
                apiVersion: v1
                kind: Secret
                metadata: {name: not-pem}
                stringData:
                  ca.crt: this is not a certificate
                ---
                apiVersion: v1
                kind: Secret
                metadata: {name: bad-key}
                stringData:
                  tls.crt: |
                %s
                  tls.key: |
                    -----BEGIN PRIVATE KEY-----
                    AAAA
                    -----END PRIVATE KEY-----
                ---
                apiVersion: traefik.io/v1alpha1
                kind: ServersTransport
                metadata: {name: missing}
                spec:
                  rootCAs: [{secret: nowhere}]
                ---
                apiVersion: traefik.io/v1alpha1
                kind: ServersTransport
                metadata: {name: badpem}
                spec:
                  rootCAs: [{configMap: ca-map}, {secret: not-pem}]
                ---
                apiVersion: traefik.io/v1alpha1
                kind: ServersTransport
                metadata: {name: badkey}
                spec:
                  certificatesSecrets: [bad-key]
                ---
                apiVersion: traefik.io/v1alpha1
                kind: ServersTransport
                metadata: {name: good}
                spec:
                  rootCAs: [{configMap: ca-map}]
                ---
                """.formatted(indent(clientEc.certificatePem(), 4))
                + route("a", "missing") + route("b", "ghost") + route("c", "good") + route("d", "ghost@file"));

        assertEquals(List.of("default-good@kubernetescrd"), List.copyOf(c.serversTransports().keySet()));
        assertProblem(c, "ServersTransport", "default-missing@kubernetescrd",
                "spec.rootCAs[0].secret: Secret default/nowhere not found");
        assertProblem(c, "ServersTransport", "default-badpem@kubernetescrd",
                "spec.rootCAs[1].secret: Secret default/not-pem key ca.crt: no PEM certificate found");
        assertProblem(c, "ServersTransport", "default-badkey@kubernetescrd",
                "spec.certificatesSecrets[0]: Secret default/bad-key key tls.key: invalid private key");
        assertProblem(c, "IngressRoute", routeName("a"),
                "spec.routes[0].services[0].serversTransport: servers transport \"default-missing@kubernetescrd\" is invalid (see its problems)");
        assertProblem(c, "IngressRoute", routeName("b"),
                "spec.routes[0].services[0].serversTransport: servers transport \"default-ghost@kubernetescrd\" does not exist");
        assertTrue(c.problems().stream().noneMatch(p -> routeName("c").equals(p.element())
                || routeName("d").equals(p.element())), "a good transport and another provider's are not problems here: " + c.problems());
    }

    @Test
    void spiffeAndAmbiguousRootCAsAreProblems() throws Exception {
        DynamicConfig c = translate(secrets() + """
                apiVersion: traefik.io/v1alpha1
                kind: ServersTransport
                metadata: {name: spiffe}
                spec:
                  spiffe: {ids: [spiffe://x]}
                ---
                apiVersion: traefik.io/v1alpha1
                kind: ServersTransport
                metadata: {name: both}
                spec:
                  rootCAs: [{secret: ca-secret, configMap: ca-map}]
                ---
                apiVersion: traefik.io/v1alpha1
                kind: ServersTransport
                metadata: {name: timeout}
                spec:
                  forwardingTimeouts: {dialTimeout: soon}
                """);
        assertEquals(java.util.Set.of(), c.serversTransports().keySet());
        assertProblem(c, "ServersTransport", "default-spiffe@kubernetescrd", "spec.spiffe: SPIFFE is not supported");
        assertProblem(c, "ServersTransport", "default-both@kubernetescrd",
                "spec.rootCAs[0]: name exactly one of secret or configMap");
        assertTrue(c.problems().stream().anyMatch(p -> "default-timeout@kubernetescrd".equals(p.element())
                && p.message().startsWith("spec.forwardingTimeouts.dialTimeout: ")), c.problems().toString());
    }

    static void assertProblem(DynamicConfig c, String kind, String element, String messageStart) {
        List<Problem> matching = c.problems().stream().filter(p -> element.equals(p.element())).toList();
        assertEquals(1, matching.size(), "one problem for " + element + ": " + c.problems());
        assertEquals(kind, matching.get(0).object().kind());
        assertTrue(matching.get(0).message().startsWith(messageStart), matching.get(0).message());
    }
}
