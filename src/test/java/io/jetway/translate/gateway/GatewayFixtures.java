package io.jetway.translate.gateway;

import io.jetway.kube.ResourceSnapshot;
import io.jetway.provider.file.ManifestReader;

import java.util.List;

/** Manifests shared by the Gateway API translation tests. */
final class GatewayFixtures {

    static final List<GatewayOptions.EntryPoint> ENTRY_POINTS = List.of(
            new GatewayOptions.EntryPoint("web", 80, false, false),
            new GatewayOptions.EntryPoint("websecure", 443, false, false),
            new GatewayOptions.EntryPoint("tcp", 9000, false, false));

    static final GatewayOptions OPTIONS = new GatewayOptions(false, List.of(), false, null, ENTRY_POINTS, true);

    static final String CLASS = """
            apiVersion: gateway.networking.k8s.io/v1
            kind: GatewayClass
            metadata: {name: my-gateway-class}
            spec: {controllerName: traefik.io/gateway-controller}
            ---
            """;

    /** whoami: Service port 80 -> 8080 with two ready endpoints and one not ready. */
    static final String WHOAMI = """
            apiVersion: v1
            kind: Service
            metadata: {name: whoami, namespace: default}
            spec:
              ports: [{name: web, port: 80, targetPort: 8080}]
            ---
            apiVersion: discovery.k8s.io/v1
            kind: EndpointSlice
            metadata:
              name: whoami-abc
              namespace: default
              labels: {kubernetes.io/service-name: whoami}
            addressType: IPv4
            ports: [{name: web, port: 8080}]
            endpoints:
              - addresses: [10.10.0.1]
                conditions: {ready: true}
              - addresses: [10.10.0.2]
                conditions: {ready: true}
              - addresses: [10.10.0.3]
                conditions: {ready: false}
            ---
            """;

    static final String GATEWAY = """
            apiVersion: gateway.networking.k8s.io/v1
            kind: Gateway
            metadata: {name: my-gateway, namespace: default}
            spec:
              gatewayClassName: my-gateway-class
              listeners:
                - name: http
                  protocol: HTTP
                  port: 80
            ---
            """;

    private GatewayFixtures() {
    }

    static ResourceSnapshot snapshot(String yaml) throws Exception {
        return new ResourceSnapshot(ManifestReader.read("test.yaml", yaml).objects());
    }

    static GatewayTranslation translate(String yaml) throws Exception {
        return GatewayTranslator.translate(snapshot(yaml), OPTIONS);
    }

    static GatewayTranslation translate(String yaml, GatewayOptions options) throws Exception {
        return GatewayTranslator.translate(snapshot(yaml), options);
    }

    static String route(String spec) {
        return """
                apiVersion: gateway.networking.k8s.io/v1
                kind: HTTPRoute
                metadata: {name: http-app-1, namespace: default}
                spec:
                """ + spec.indent(2) + "---\n";
    }
}
