package io.jetway.translate;

import io.jetway.dynamic.DynamicConfig;
import io.jetway.e2e.Manifests;
import io.jetway.kube.KubeObject;
import io.jetway.kube.ResourceSnapshot;
import io.jetway.provider.file.ManifestReader;
import io.jetway.translate.crd.CrdOptions;
import io.jetway.translate.ingress.IngressOptions;
import io.jetway.util.TestCertificates;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The CRD and Ingress translators' outputs become one configuration. */
class DynamicConfigMergerTest {

    static final String BOTH = Manifests.APP_SERVICE + """
            apiVersion: v1
            kind: Secret
            metadata: {name: cert}
            stringData: {tls.crt: CERT, tls.key: KEY}
            ---
            apiVersion: traefik.io/v1alpha1
            kind: Middleware
            metadata: {name: strip}
            spec: {stripPrefix: {prefixes: [/api]}}
            ---
            apiVersion: traefik.io/v1alpha1
            kind: IngressRoute
            metadata: {name: crd}
            spec:
              routes: [{match: Host(`crd.test`), services: [{name: nothere, port: 80}]}]
            ---
            apiVersion: networking.k8s.io/v1
            kind: Ingress
            metadata:
              name: ing
              annotations: {traefik.ingress.kubernetes.io/router.middlewares: default-strip@kubernetescrd}
            spec:
              tls: [{secretName: cert}, {secretName: absent}]
              rules: [{host: ing.test, http: {paths: [{path: /api, pathType: Prefix, backend: {service: {name: app, port: {number: 80}}}}]}}]
            """;

    static ResourceSnapshot snapshot() throws Exception {
        TestCertificates.Issued pair = TestCertificates.issue(TestCertificates.ca("Merger CA"), "ing.test", false, "ing.test");
        String yaml = BOTH.replace("stringData: {tls.crt: CERT, tls.key: KEY}", "data: {tls.crt: %s, tls.key: %s}".formatted(
                TestCertificates.base64(pair.certificatePem()), TestCertificates.base64(pair.privateKeyPem())));
        List<KubeObject> objects = ManifestReader.read("both.yaml", yaml).objects();
        return new ResourceSnapshot(objects);
    }

    @Test
    void bothTranslatorsWhenTheIngressProviderIsOn() throws Exception {
        DynamicConfig c = DynamicConfigMerger.translate(snapshot(), CrdOptions.DEFAULTS, IngressOptions.DEFAULTS);

        assertEquals(Set.of("default-crd-" + io.jetway.translate.crd.CrdNames.sha256Prefix("Host(`crd.test`)", 10) + "@kubernetescrd",
                "default-ing-ing-test-api@kubernetes"), c.routers().keySet());
        assertEquals(Set.of("default-strip@kubernetescrd"), c.middlewares().keySet());
        assertEquals(Set.of("default-app-80@kubernetes"), c.services().keySet());
        assertEquals(List.of("Secret default/cert"), c.tls().certificates().stream().map(t -> t.source().toString()).toList());
        assertEquals(Set.of("IngressRoute default/crd", "Ingress default/ing"),
                Set.copyOf(c.problems().stream().map(p -> p.object().toString()).toList()));
    }

    @Test
    void ingressesAreLeftOutWhenTheProviderIsOff() throws Exception {
        DynamicConfig c = DynamicConfigMerger.translate(snapshot(), CrdOptions.DEFAULTS, null);

        assertEquals(1, c.routers().size());
        assertEquals(List.of(), c.tls().certificates());
        assertEquals(List.of("IngressRoute default/crd"), c.problems().stream().map(p -> p.object().toString()).toList());
    }
}
