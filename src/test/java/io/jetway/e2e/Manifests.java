package io.jetway.e2e;

import io.jetway.util.TestCertificates;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/** The builder of the Kubernetes YAML the tests feed Jetway: Services, routes, TLS Secrets and options. */
public final class Manifests {

    /** Service {@code default/app} (port 80, named http) with one endpoint, 10.0.0.1:8080; ends with a document separator. */
    public static final String APP_SERVICE = """
            apiVersion: v1
            kind: Service
            metadata: {name: app}
            spec: {ports: [{name: http, port: 80}]}
            ---
            apiVersion: v1
            kind: Endpoints
            metadata: {name: app}
            subsets: [{addresses: [{ip: 10.0.0.1}], ports: [{name: http, port: 8080}]}]
            ---
            """;

    /** Where the seeds' YAML examples live, one file each, copied as written from the Traefik pages. */
    public static final String SEED_EXAMPLES = "/seed-examples";

    private static final Pattern DOCUMENT_SEPARATOR = Pattern.compile("(?m)^---[ \\t]*\n");

    /**
     * Documents of a seed example (its file name without .yaml, e.g. {@code 000_0026}), by position from 0,
     * as written, each ending with one line break and joined by separators; the line the copy added to
     * name its source is left out.
     */
    public static String seedExample(String example, int... documents) {
        String[] all = DOCUMENT_SEPARATOR.split(readSeedExample(example).replaceFirst("\\A# The YAML example at line .*\n", ""));
        return IntStream.of(documents).mapToObj(i -> all[i].replaceFirst("\\A\n+", "").replaceFirst("\\n*\\z", "\n"))
                .collect(Collectors.joining("---\n"));
    }

    private static String readSeedExample(String example) {
        String resource = SEED_EXAMPLES + "/" + example + ".yaml";
        try (InputStream in = Objects.requireNonNull(Manifests.class.getResourceAsStream(resource), resource)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A Service (port {@code web}, 80) whose one endpoint, an EndpointSlice, is 127.0.0.1:{@code port}. */
    public static String serviceWithEndpointSlice(String name, int port) {
        return """
                apiVersion: v1
                kind: Service
                metadata: {name: %1$s, namespace: default}
                spec:
                  ports: [{name: web, port: 80}]
                ---
                apiVersion: discovery.k8s.io/v1
                kind: EndpointSlice
                metadata:
                  name: %1$s-abc
                  namespace: default
                  labels: {kubernetes.io/service-name: %1$s}
                addressType: IPv4
                endpoints: [{addresses: [127.0.0.1], conditions: {ready: true}}]
                ports: [{name: web, port: %2$d, protocol: TCP}]
                """.formatted(name, port);
    }

    /** The same with another Service port (for routes that name it), and a trailing separator. */
    public static String serviceWithEndpointSlice(String name, int servicePort, int port) {
        return serviceWithEndpointSlice(name, port).replace("port: 80}", "port: " + servicePort + "}") + "---\n";
    }

    /** The Gateway API CRDs as the API server needs them to serve the kinds (schemas left open). */
    public static String gatewayApiCrds() {
        StringBuilder yaml = new StringBuilder();
        String[][] kinds = {{"GatewayClass", "gatewayclasses", "Cluster", "v1"}, {"Gateway", "gateways", "Namespaced", "v1"},
                {"HTTPRoute", "httproutes", "Namespaced", "v1"}, {"GRPCRoute", "grpcroutes", "Namespaced", "v1"},
                {"TLSRoute", "tlsroutes", "Namespaced", "v1"}, {"ReferenceGrant", "referencegrants", "Namespaced", "v1beta1"},
                {"BackendTLSPolicy", "backendtlspolicies", "Namespaced", "v1"}};
        for (String[] k : kinds) {
            yaml.append("""
                    apiVersion: apiextensions.k8s.io/v1
                    kind: CustomResourceDefinition
                    metadata: {name: %2$s.gateway.networking.k8s.io}
                    spec:
                      group: gateway.networking.k8s.io
                      scope: %3$s
                      names: {kind: %1$s, plural: %2$s, singular: %5$s, listKind: %1$sList}
                      versions:
                      - name: %4$s
                        served: true
                        storage: true
                        subresources: {status: {}}
                        schema: {openAPIV3Schema: {type: object, x-kubernetes-preserve-unknown-fields: true}}
                    ---
                    """.formatted(k[0], k[1], k[2], k[3], k[0].toLowerCase()));
        }
        return yaml.toString();
    }

    /** Seed 000's ip-allowlist Middleware as written, with a trailing document separator. */
    static final String SEED_000_IP_ALLOWLIST = seedExample("000_0026", 1) + "---\n";

    /** Seed 000's secure-headers and ip-allowlist Middlewares as written, with a trailing separator. */
    static final String SEED_000_MIDDLEWARES = seedExample("000_0026", 0, 1) + "---\n";


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

    /** A Middleware in the default namespace; {@code spec} is the YAML under spec. */
    static String middleware(String name, String spec) {
        return """
                apiVersion: traefik.io/v1alpha1
                kind: Middleware
                metadata: {name: %s}
                spec:
                %s
                ---
                """.formatted(name, spec.indent(2).stripTrailing());
    }

    /** An IngressRoute "app" for Host(host) to the app Service through the named middlewares (YAML flow list items). */
    static String appRoute(String host, String... middlewareRefs) {
        return """
                apiVersion: traefik.io/v1alpha1
                kind: IngressRoute
                metadata: {name: app}
                spec:
                  routes:
                    - match: Host(`%s`)
                      middlewares: [%s]
                      services: [{name: app, port: 80}]
                """.formatted(host, String.join(", ", middlewareRefs));
    }

    static String yamlQuote(String s) {
        return "'" + s.replace("'", "''") + "'";
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
                """.formatted(name, yamlQuote(match), tls);
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
