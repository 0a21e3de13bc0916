package io.jetway.e2e;

import io.jetway.util.TestCertificates;

/** Secrets and TLS routes for the TLS tests. */
final class TlsManifests {

    private TlsManifests() {
    }

    /** A kubernetes.io/tls Secret in namespace default. */
    static String tlsSecret(String name, String certificatePem, String keyPem) {
        return """
                apiVersion: v1
                kind: Secret
                metadata: {name: %s, namespace: default}
                type: kubernetes.io/tls
                data:
                  tls.crt: %s
                  tls.key: %s
                ---
                """.formatted(name, TestCertificates.base64(certificatePem), TestCertificates.base64(keyPem));
    }

    /** A Secret with a CA certificate under tls.ca, as TLSOption clientAuth.secretNames read it. */
    static String caSecret(String name, String caPem) {
        return """
                apiVersion: v1
                kind: Secret
                metadata: {name: %s, namespace: default}
                data:
                  tls.ca: %s
                ---
                """.formatted(name, TestCertificates.base64(caPem));
    }

    /** An IngressRoute on websecure to Service whoami with the given tls section (YAML flow map). */
    static String tlsRoute(String name, String match, String tls) {
        return """
                apiVersion: traefik.io/v1alpha1
                kind: IngressRoute
                metadata: {name: %s, namespace: default}
                spec:
                  entryPoints: [websecure]
                  routes:
                    - match: %s
                      kind: Rule
                      services: [{name: whoami, port: 80}]
                  tls: %s
                ---
                """.formatted(name, Manifests.yamlQuote(match), tls);
    }

    /** A TLSOption in namespace default. */
    static String tlsOption(String name, String spec) {
        return """
                apiVersion: traefik.io/v1alpha1
                kind: TLSOption
                metadata: {name: %s, namespace: default}
                spec: %s
                ---
                """.formatted(name, spec);
    }
}
