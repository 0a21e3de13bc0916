package io.jetway.translate.gateway;

import io.jetway.dynamic.ServersTransport;
import io.jetway.dynamic.ServiceConfig;
import io.jetway.dynamic.UdpServiceConfig;
import io.jetway.dynamic.TcpServiceConfig;
import io.jetway.kube.KubeObject;
import io.jetway.kube.Node;
import io.jetway.kube.ObjectRef;
import io.jetway.kube.ResourceSnapshot;
import io.jetway.net.IpLiterals;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Locale;
import java.util.Set;

/**
 * A backendRef to a core Service as Traefik's Gateway provider resolves it: the Service port by
 * number, the scheme from its appProtocol, the ready endpoints of its EndpointSlices (or its
 * cluster IP with nativeLB). HTTPRoutes and GRPCRoutes get URLs, TLSRoutes and TCPRoutes
 * {@code host:port} servers.
 */
final class HttpBackends {

    private static final String NATIVE_LB_ANNOTATION = "traefik.io/service.nativelb";

    private final ResourceSnapshot resources;
    private final GatewayOptions options;

    private final BackendTlsPolicies tlsPolicies;
    private final Map<String, ServersTransport> transports = new java.util.TreeMap<>();

    HttpBackends(ResourceSnapshot resources, GatewayOptions options) {
        this.tlsPolicies = new BackendTlsPolicies(resources);
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
     * @param defaultScheme the scheme without appProtocol on a port not named https and not 443
     */
    ServiceConfig.LoadBalancer loadBalancer(String namespace, String name, int port, String defaultScheme, ObjectRef source) {
        return loadBalancer(namespace, name, port, defaultScheme, source, null, null);
    }

    /**
     * @param transportName  the name a BackendTLSPolicy's transport gets when one applies (null: policies are not read)
     * @param policyStatuses gets the conditions of the BackendTLSPolicies that target the Service port
     */
    ServiceConfig.LoadBalancer loadBalancer(String namespace, String name, int port, String defaultScheme, ObjectRef source,
                                            String transportName, BackendTlsPolicies.StatusSink policyStatuses) {
        Node servicePort = servicePort("HTTPBackendRef", namespace, name, port);
        List<Address> addresses = addresses("HTTPBackendRef", namespace, name, servicePort);
        ServersTransport transport = transportName == null ? null
                : tlsPolicies.transport(namespace, name, servicePort.get("name").string(""), transportName, policyStatuses);
        // A policy makes the backend HTTPS whatever the port says, as Traefik assumes.
        String scheme = transport != null ? "https" : scheme(namespace, name, servicePort, defaultScheme);
        List<ServiceConfig.Server> servers = new ArrayList<>();
        for (Address address : addresses) {
            servers.add(new ServiceConfig.Server(scheme + "://" + address.hostPort(), 1));
        }
        if (transport == null) {
            return httpLoadBalancer(servers, source);
        }
        transports.put(transportName, transport);
        return new ServiceConfig.LoadBalancer(servers, true, ServiceConfig.LoadBalancer.DEFAULT_FLUSH_INTERVAL, "wrr", null,
                transportName, source);
    }

    /** The transports BackendTLSPolicies gave the load balancers made so far. */
    Map<String, ServersTransport> transports() {
        return transports;
    }

    /**
     * A GRPCRoute's backend: as Traefik's GRPCRoutes, h2c without appProtocol (whatever the port's
     * number or name), and only the appProtocols {@code kubernetes.io/h2c} and {@code https}.
     */
    ServiceConfig.LoadBalancer grpcLoadBalancer(String namespace, String name, int port, ObjectRef source) {
        String what = "GRPCBackendRef";
        Node servicePort = servicePort(what, namespace, name, port);
        List<Address> addresses = addresses(what, namespace, name, servicePort);
        requireTcp(what, namespace, name, servicePort);
        String appProtocol = servicePort.get("appProtocol").string(null);
        String scheme = appProtocol == null ? "h2c" : switch (appProtocol.toLowerCase(Locale.ROOT)) {
            case "kubernetes.io/h2c" -> "h2c";
            case "https" -> "https";
            default -> throw new BackendException("UnsupportedProtocol", "Cannot load " + what + " " + namespace + "/" + name
                    + ": only \"kubernetes.io/h2c\" and \"https\" appProtocol is supported");
        };
        List<ServiceConfig.Server> servers = new ArrayList<>();
        for (Address address : addresses) {
            servers.add(new ServiceConfig.Server(scheme + "://" + address.hostPort(), 1));
        }
        return httpLoadBalancer(servers, source);
    }

    /**
     * A TLSRoute's or TCPRoute's backend: {@code host:port} servers, the Service port's protocol TCP.
     *
     * @param what "TLSRoute BackendRef" or "TCPRoute BackendRef", for the messages
     */
    TcpServiceConfig.LoadBalancer tcpLoadBalancer(String what, String namespace, String name, int port, ObjectRef source) {
        Node servicePort = servicePort(what, namespace, name, port);
        List<Address> addresses = addresses(what, namespace, name, servicePort);
        requireTcp(what, namespace, name, servicePort);
        List<TcpServiceConfig.Server> servers = new ArrayList<>();
        for (Address address : addresses) {
            servers.add(new TcpServiceConfig.Server(address.hostPort(), false));
        }
        return new TcpServiceConfig.LoadBalancer(servers, null, null, 0, source);
    }

    /** A UDPRoute's backend (beyond Traefik): {@code host:port} servers, the Service port's protocol UDP. */
    UdpServiceConfig.LoadBalancer udpLoadBalancer(String namespace, String name, int port, ObjectRef source) {
        String what = "UDPRoute BackendRef";
        Node servicePort = servicePort(what, namespace, name, port);
        List<Address> addresses = addresses(what, namespace, name, servicePort);
        if (!servicePort.get("protocol").string("TCP").equals("UDP")) {
            throw new BackendException("UnsupportedProtocol", "Cannot load " + what + " " + namespace + "/" + name
                    + ": the Service port's protocol must be UDP");
        }
        return new UdpServiceConfig.LoadBalancer(addresses.stream().map(Address::hostPort).toList(), 0, source);
    }

    private static ServiceConfig.LoadBalancer httpLoadBalancer(List<ServiceConfig.Server> servers, ObjectRef source) {
        return new ServiceConfig.LoadBalancer(servers, true, ServiceConfig.LoadBalancer.DEFAULT_FLUSH_INTERVAL, "wrr", null,
                null, source);
    }

    /** One backend address: an IP literal and the endpoint's port. */
    private record Address(String ip, int port) {
        String hostPort() {
            return (ip.contains(":") ? "[" + ip + "]" : ip) + ":" + port;
        }
    }

    /** The Service's port of this number; BackendNotFound when the Service or the port is missing. */
    private Node servicePort(String what, String namespace, String name, int port) {
        KubeObject service = service(what, namespace, name);
        for (Node p : service.spec().get("ports").list()) {
            if (p.get("port").integer(0) == port) {
                return p;
            }
        }
        throw new BackendException("BackendNotFound", "Cannot load " + what + " " + namespace + "/" + name
                + ": service port " + port + " not found");
    }

    private KubeObject service(String what, String namespace, String name) {
        KubeObject service = resources.find("Service", namespace, name).orElseThrow(() -> new BackendException("BackendNotFound",
                "Cannot load " + what + " " + namespace + "/" + name + ": getting service: service not found"));
        if ("ExternalName".equals(service.spec().get("type").string(""))) {
            throw new BackendException("BackendNotFound", "Cannot load " + what + " " + namespace + "/" + name
                    + ": type ExternalName is not supported for Kubernetes Service reference");
        }
        return service;
    }

    /** The cluster IP with nativeLB, else the ready endpoints' addresses at the slice port of the Service port's name. */
    private List<Address> addresses(String what, String namespace, String name, Node servicePort) {
        KubeObject service = service(what, namespace, name);
        Node spec = service.spec();
        int port = servicePort.get("port").integer(0);
        String nativeAnnotation = service.root().get("metadata").get("annotations").get(NATIVE_LB_ANNOTATION).string(null);
        boolean nativeLB = nativeAnnotation == null ? options.nativeLBByDefault() : Boolean.parseBoolean(nativeAnnotation);
        List<Address> addresses = new ArrayList<>();
        if (nativeLB) {
            String clusterIp = spec.get("clusterIP").string("");
            if (clusterIp.isEmpty() || clusterIp.equals("None") || IpLiterals.address(clusterIp) == null) {
                throw new BackendException("BackendNotFound", "Cannot load " + what + " " + namespace + "/" + name
                        + ": no clusterIP found for service: " + namespace + "/" + name);
            }
            addresses.add(new Address(clusterIp, port));
            return addresses;
        }
        List<KubeObject> slices = resources.endpointSlicesOf(namespace, name);
        if (slices.isEmpty()) {
            throw new BackendException("BackendNotFound", "Cannot load " + what + " " + namespace + "/" + name
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
                        addresses.add(new Address(address, slicePort));
                    }
                }
            }
        }
        return addresses;
    }

    private static void requireTcp(String what, String namespace, String name, Node servicePort) {
        if (!servicePort.get("protocol").string("TCP").equals("TCP")) {
            throw new BackendException("UnsupportedProtocol", "Cannot load " + what + " " + namespace + "/" + name
                    + ": only TCP protocol is supported");
        }
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
}
