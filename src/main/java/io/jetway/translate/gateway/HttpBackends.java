package io.jetway.translate.gateway;

import io.jetway.dynamic.ServiceConfig;
import io.jetway.kube.KubeObject;
import io.jetway.kube.Node;
import io.jetway.kube.ObjectRef;
import io.jetway.kube.ResourceSnapshot;
import io.jetway.net.IpLiterals;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * A backendRef to a core Service as Traefik's Gateway provider resolves it: the Service port by
 * number, the scheme from its appProtocol, the ready endpoints of its EndpointSlices (or its
 * cluster IP with nativeLB).
 */
final class HttpBackends {

    private static final String NATIVE_LB_ANNOTATION = "traefik.io/service.nativelb";

    private final ResourceSnapshot resources;
    private final GatewayOptions options;

    HttpBackends(ResourceSnapshot resources, GatewayOptions options) {
        this.resources = resources;
        this.options = options;
    }

    /** Why a backend cannot be used, as a route condition's reason and message. */
    static final class BackendException extends RuntimeException {
        final String reason;

        BackendException(String reason, String message) {
            super(message);
            this.reason = reason;
        }
    }

    /**
     * @param defaultScheme the scheme without appProtocol on a port not named https and not 443 (h2c for GRPCRoutes)
     */
    ServiceConfig.LoadBalancer loadBalancer(String namespace, String name, int port, String defaultScheme, ObjectRef source) {
        KubeObject service = resources.find("Service", namespace, name).orElseThrow(() -> new BackendException("BackendNotFound",
                "Cannot load HTTPBackendRef " + namespace + "/" + name + ": getting service: service not found"));
        Node spec = service.spec();
        if ("ExternalName".equals(spec.get("type").string(""))) {
            throw new BackendException("BackendNotFound", "Cannot load HTTPBackendRef " + namespace + "/" + name
                    + ": type ExternalName is not supported for Kubernetes Service reference");
        }
        Node servicePort = null;
        for (Node p : spec.get("ports").list()) {
            if (p.get("port").integer(0) == port) {
                servicePort = p;
                break;
            }
        }
        if (servicePort == null) {
            throw new BackendException("BackendNotFound", "Cannot load HTTPBackendRef " + namespace + "/" + name
                    + ": service port " + port + " not found");
        }
        String scheme = scheme(namespace, name, servicePort, defaultScheme);
        String nativeAnnotation = service.root().get("metadata").get("annotations").get(NATIVE_LB_ANNOTATION).string(null);
        boolean nativeLB = nativeAnnotation == null ? options.nativeLBByDefault() : Boolean.parseBoolean(nativeAnnotation);
        List<ServiceConfig.Server> servers = new ArrayList<>();
        if (nativeLB) {
            String clusterIp = spec.get("clusterIP").string("");
            if (clusterIp.isEmpty() || clusterIp.equals("None") || IpLiterals.address(clusterIp) == null) {
                throw new BackendException("BackendNotFound", "Cannot load HTTPBackendRef " + namespace + "/" + name
                        + ": no clusterIP found for service: " + namespace + "/" + name);
            }
            servers.add(new ServiceConfig.Server(url(scheme, clusterIp, port), 1));
        } else {
            List<KubeObject> slices = resources.endpointSlicesOf(namespace, name);
            if (slices.isEmpty()) {
                throw new BackendException("BackendNotFound", "Cannot load HTTPBackendRef " + namespace + "/" + name
                        + ": endpointslices not found");
            }
            String portName = servicePort.get("name").string("");
            Set<String> seen = new LinkedHashSet<>();
            for (KubeObject slice : slices) {
                int slicePort = 0;
                for (Node p : slice.root().get("ports").list()) {
                    if (p.get("name").string("").equals(portName)) {
                        slicePort = p.get("port").integer(0);
                        break;
                    }
                }
                if (slicePort <= 0 || slicePort > 65535) {
                    continue;
                }
                for (Node endpoint : slice.root().get("endpoints").list()) {
                    if (!endpoint.get("conditions").get("ready").bool(false)) {
                        continue;
                    }
                    for (String address : endpoint.get("addresses").strings()) {
                        // Only IP literals: an address goes into a URL, where a name could smuggle a path.
                        if (IpLiterals.address(address) != null && seen.add(address)) {
                            servers.add(new ServiceConfig.Server(url(scheme, address, slicePort), 1));
                        }
                    }
                }
            }
        }
        return new ServiceConfig.LoadBalancer(servers, true, ServiceConfig.LoadBalancer.DEFAULT_FLUSH_INTERVAL, "wrr", null,
                null, source);
    }

    /** By appProtocol; without one https for port 443 or a port named https*, else the default. */
    private static String scheme(String namespace, String name, Node servicePort, String defaultScheme) {
        String protocol = servicePort.get("protocol").string("TCP");
        if (!protocol.equals("TCP")) {
            throw new BackendException("UnsupportedProtocol", "Cannot load HTTPBackendRef " + namespace + "/" + name
                    + ": only TCP protocol is supported");
        }
        String appProtocol = servicePort.get("appProtocol").string(null);
        if (appProtocol == null) {
            return servicePort.get("port").integer(0) == 443 || servicePort.get("name").string("").startsWith("https")
                    ? "https" : defaultScheme;
        }
        return switch (appProtocol.toLowerCase(Locale.ROOT)) {
            case "kubernetes.io/h2c" -> "h2c";
            case "http", "kubernetes.io/ws" -> "http";
            case "https", "kubernetes.io/wss" -> "https";
            default -> throw new BackendException("UnsupportedProtocol", "Cannot load HTTPBackendRef " + namespace + "/" + name
                    + ": unsupported application protocol " + appProtocol.toLowerCase(Locale.ROOT));
        };
    }

    private static String url(String scheme, String ip, int port) {
        return scheme + "://" + (ip.contains(":") ? "[" + ip + "]" : ip) + ":" + port;
    }
}
