package io.jetway.translate.crd;

import io.jetway.dynamic.DynamicConfig;
import io.jetway.dynamic.RouterConfig;
import io.jetway.dynamic.TlsOptionsConfig;
import io.jetway.kube.Problem;
import io.jetway.kube.ResourceSnapshot;
import io.jetway.provider.file.ManifestReader;
import io.jetway.util.TestCertificates.Issued;
import io.jetway.util.TestCertificates;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** TLSOption, TLSStore and the tls section of IngressRoutes, translated. */
class TlsTranslatorTest {

    private static Issued ca;
    private static Issued leaf;

    @BeforeAll
    static void certificates() throws Exception {
        ca = TestCertificates.ca("Translator CA");
        leaf = TestCertificates.issue(ca, "app.example.com", false, "app.example.com");
    }

    private static DynamicConfig translate(String yaml, boolean crossNamespace) {
        try {
            return CrdTranslator.translate(new ResourceSnapshot(ManifestReader.read("test.yaml", yaml).objects()),
                    new CrdOptions(crossNamespace, true, false, false));
        } catch (ManifestReader.ManifestException e) {
            throw new IllegalArgumentException(e);
        }
    }

    private static String secret(String namespace, String name) {
        return """
                apiVersion: v1
                kind: Secret
                metadata: {name: %s, namespace: %s}
                data: {tls.crt: %s, tls.key: %s, tls.ca: %s}
                ---
                """.formatted(name, namespace, TestCertificates.base64(leaf.certificatePem()),
                TestCertificates.base64(leaf.privateKeyPem()), TestCertificates.base64(ca.certificatePem()));
    }

    private static String route(String namespace, String tls) {
        return """
                apiVersion: v1
                kind: Service
                metadata: {name: whoami, namespace: %s}
                spec: {ports: [{port: 80}]}
                ---
                apiVersion: traefik.io/v1alpha1
                kind: IngressRoute
                metadata: {name: app, namespace: %s}
                spec:
                  entryPoints: [websecure]
                  routes:
                    - match: Host(`app.example.com`)
                      services: [{name: whoami, port: 80}]
                  tls: %s
                ---
                """.formatted(namespace, namespace, tls);
    }

    private static RouterConfig onlyRouter(DynamicConfig config) {
        assertEquals(1, config.routers().size(), config.routers().toString());
        return config.routers().values().iterator().next();
    }

    @Test
    void secretNameOptionsAndDomainsBecomeTheRoutersTls() {
        DynamicConfig config = translate(secret("apps", "supersecret") + """
                apiVersion: traefik.io/v1alpha1
                kind: TLSOption
                metadata: {name: opt, namespace: apps}
                spec:
                  minVersion: VersionTLS12
                  maxVersion: VersionTLS13
                  curvePreferences: [CurveP521, CurveP384]
                  cipherSuites: [TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256, TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305]
                  clientAuth: {secretNames: [supersecret], clientAuthType: RequireAndVerifyClientCert}
                  sniStrict: true
                ---
                """ + route("apps", """
                {secretName: supersecret, options: {name: opt, namespace: apps},
                 domains: [{main: example.net, sans: [a.example.net, b.example.net]}]}"""), false);
        RouterConfig router = onlyRouter(config);
        assertEquals("apps-opt@kubernetescrd", router.tls().options());
        assertEquals("example.net", router.tls().domains().get(0).main());
        assertEquals(List.of("a.example.net", "b.example.net"), router.tls().domains().get(0).sans());
        assertEquals(1, config.tls().certificates().size());
        assertEquals("Secret", config.tls().certificates().get(0).source().kind());
        TlsOptionsConfig options = config.tls().options().get("apps-opt@kubernetescrd");
        assertEquals("TLSv1.2", options.minVersion());
        assertEquals("TLSv1.3", options.maxVersion());
        assertEquals(List.of("secp521r1", "secp384r1"), options.curvePreferences());
        assertEquals(List.of("TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256", "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256"),
                options.cipherSuites());
        assertEquals("RequireAndVerifyClientCert", options.clientAuthType());
        assertEquals(1, options.clientCaPems().size());
        assertTrue(options.sniStrict());
        assertTrue(config.problems().isEmpty(), config.problems().toString());
    }

    @Test
    void anEmptyTlsSectionUsesTheDefaults() {
        RouterConfig router = onlyRouter(translate(route("default", "{}"), false));
        assertNull(router.tls().options());
        assertNull(router.tls().certResolver());
        assertTrue(router.tls().domains().isEmpty());
    }

    @Test
    void aRouteWithoutTlsHasNone() {
        DynamicConfig config = translate(route("default", "null"), false);
        assertNull(onlyRouter(config).tls());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "minVersion: VersionTLS14                  | spec.minVersion: unknown TLS version \"VersionTLS14\"",
            "cipherSuites: [TLS_NOT_A_SUITE]           | spec.cipherSuites[0]: unknown cipher suite \"TLS_NOT_A_SUITE\"",
            "curvePreferences: [CurveP999]             | spec.curvePreferences[0]: unknown curve \"CurveP999\"",
            "clientAuth: {clientAuthType: Sometimes}   | spec.clientAuth.clientAuthType: unknown clientAuthType \"Sometimes\"",
            "clientAuth: {clientAuthType: RequireAndVerifyClientCert} | needs CA certificates",
            "clientAuth: {secretNames: [absent]}       | spec.clientAuth.secretNames[0]: Secret default/absent not found",
            "{minVersion: VersionTLS13, maxVersion: VersionTLS12} | spec.maxVersion: is older than minVersion"})
    void aBadTlsOptionIsAProblemAndDisablesItsRouters(String spec, String message) {
        DynamicConfig config = translate("""
                apiVersion: traefik.io/v1alpha1
                kind: TLSOption
                metadata: {name: bad, namespace: default}
                spec: %s
                ---
                """.formatted(spec.startsWith("{") ? spec : "{" + spec + "}") + route("default", "{options: {name: bad}}"), false);
        assertTrue(config.problems().stream().anyMatch(p -> p.object().kind().equals("TLSOption") && p.message().contains(message)),
                config.problems().toString());
        assertTrue(config.problems().stream().anyMatch(p -> p.object().kind().equals("IngressRoute") && !p.isWarning()
                && p.message().contains("TLS options default-bad@kubernetescrd are invalid")), config.problems().toString());
        assertTrue(config.tls().options().isEmpty());
    }

    @Test
    void missingSecretsAreWarningsOnTheRouterAndMissingOptionsErrors() {
        DynamicConfig config = translate(route("default", "{secretName: nowhere, options: {name: absent}}"), false);
        List<Problem> problems = config.problems();
        assertTrue(problems.stream().anyMatch(p -> p.isWarning() && p.text().contains("spec.tls.secretName: Secret default/nowhere not found")),
                problems.toString());
        assertTrue(problems.stream().anyMatch(p -> !p.isWarning() && p.message().contains("unknown TLS options default-absent@kubernetescrd")),
                problems.toString());
        assertTrue(config.tls().certificates().isEmpty());
    }

    @Test
    void optionsInAnotherNamespaceNeedCrossNamespace() {
        String yaml = """
                apiVersion: traefik.io/v1alpha1
                kind: TLSOption
                metadata: {name: opt, namespace: other}
                spec: {minVersion: VersionTLS13}
                ---
                """ + route("default", "{options: {name: opt, namespace: other}}");
        assertTrue(translate(yaml, false).problems().stream().anyMatch(p -> p.message().contains("cross-namespace")));
        assertEquals("other-opt@kubernetescrd", onlyRouter(translate(yaml, true)).tls().options());
    }

    @Test
    void aTlsOptionNamedDefaultReplacesTheDefaults() {
        DynamicConfig config = translate("""
                apiVersion: traefik.io/v1alpha1
                kind: TLSOption
                metadata: {name: default, namespace: default}
                spec: {minVersion: VersionTLS13}
                """, false);
        assertEquals("TLSv1.3", config.tls().options().get("default").minVersion());
    }

    @Test
    void theDefaultStoreNamesTheDefaultCertificate() {
        DynamicConfig config = translate(secret("default", "mySecret") + """
                apiVersion: traefik.containo.us/v1alpha1
                kind: TLSStore
                metadata: {name: default, namespace: default}
                spec:
                  defaultCertificate:
                    secretName: mySecret
                ---
                apiVersion: traefik.io/v1alpha1
                kind: TLSStore
                metadata: {name: other, namespace: default}
                spec: {}
                """, false);
        assertEquals("mySecret", config.tls().stores().get("default").defaultCertificate().source().name());
        assertTrue(config.problems().stream().anyMatch(p -> p.message().contains("only the TLS store named default")));
    }
}
