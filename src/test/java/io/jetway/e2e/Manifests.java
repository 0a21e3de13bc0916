package io.jetway.e2e;

import java.util.Arrays;
import java.util.stream.Collectors;

/** Small builders for the Kubernetes YAML the tests feed Jetway. */
final class Manifests {

    /** Seed 000's ip-allowlist Middleware as written, with a trailing document separator. */
    static final String SEED_000_IP_ALLOWLIST = """
            apiVersion: traefik.io/v1alpha1
            kind: Middleware
            metadata:
              name: ip-allowlist
              namespace: default
            spec:
              ipAllowList:
                sourceRange:
                  - 127.0.0.1/32
                  - 10.0.0.0/8  # Typical cluster network range
                  - 192.168.0.0/16  # Common local network range
            ---
            """;

    /** Seed 000's secure-headers and ip-allowlist Middlewares as written, with a trailing separator. */
    static final String SEED_000_MIDDLEWARES = """
            apiVersion: traefik.io/v1alpha1
            kind: Middleware
            metadata:
              name: secure-headers
              namespace: default
            spec:
              headers:
                frameDeny: true
                sslRedirect: true
                browserXssFilter: true
                contentTypeNosniff: true
                stsIncludeSubdomains: true
                stsPreload: true
                stsSeconds: 31536000
            ---
            """ + SEED_000_IP_ALLOWLIST;


    private Manifests() {
    }

    /** A Service with one port (80, name "http") whose Endpoints are 127.0.0.1 on the given ports. */
    static String service(String name, int... backendPorts) {
        String subsets = Arrays.stream(backendPorts).mapToObj(p -> """
                  - addresses:
                      - ip: 127.0.0.1
                    ports:
                      - name: http
                        port: %d
                """.formatted(p)).collect(Collectors.joining());
        return """
                apiVersion: v1
                kind: Service
                metadata:
                  name: %s
                spec:
                  ports:
                    - name: http
                      port: 80
                      targetPort: http
                ---
                apiVersion: v1
                kind: Endpoints
                metadata:
                  name: %s
                subsets:
                %s---
                """.formatted(name, name, subsets.isEmpty() ? "  []\n" : subsets);
    }

    static String route(String name, String match, String service) {
        return route(name, match, service, 0, "");
    }

    static String route(String name, String match, String service, int priority, String serviceExtra) {
        return """
                apiVersion: traefik.io/v1alpha1
                kind: IngressRoute
                metadata:
                  name: %s
                spec:
                  entryPoints: [web]
                  routes:
                    - match: %s
                      kind: Rule
                      priority: %d
                      services:
                        - name: %s
                          port: 80
                %s---
                """.formatted(name, yamlQuote(match), priority, service, serviceExtra);
    }

    static String yamlQuote(String s) {
        return "'" + s.replace("'", "''") + "'";
    }
}
