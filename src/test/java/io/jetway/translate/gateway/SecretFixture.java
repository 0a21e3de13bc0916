package io.jetway.translate.gateway;

import io.jetway.util.TestCertificates;
import io.jetway.util.TestCertificates.Issued;

/** kubernetes.io/tls Secrets with a fresh pair for foo.example.com, made once per test run. */
final class SecretFixture {

    private static final Issued LEAF;

    static {
        try {
            LEAF = TestCertificates.issue(TestCertificates.ca("Gateway CA"), "foo.example.com", false, "foo.example.com");
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static final String SECRET = secret("default", "tls-cert");

    private SecretFixture() {
    }

    static String secret(String namespace, String name) {
        return """
                apiVersion: v1
                kind: Secret
                metadata: {name: %s, namespace: %s}
                type: kubernetes.io/tls
                data: {tls.crt: %s, tls.key: %s}
                ---
                """.formatted(name, namespace, TestCertificates.base64(LEAF.certificatePem()),
                TestCertificates.base64(LEAF.privateKeyPem()));
    }
}
