package io.jetway.translate.gateway;

import io.jetway.dynamic.GatewayCondition;

import io.jetway.dynamic.TlsCertificate;
import io.jetway.kube.KubeObject;
import io.jetway.kube.LabelSelector;
import io.jetway.kube.Node;
import io.jetway.kube.ResourceSnapshot;
import io.jetway.translate.crd.MiddlewareSecrets;
import io.jetway.translate.crd.SecretCertificates;
import io.jetway.translate.crd.TranslationException;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;

/**
 * A Gateway's listeners mapped onto entry points, with Traefik's checks in Traefik's order: the
 * first failure gives the listener its conditions and it admits no route.
 */
final class Listeners {

    static final String HTTP_ROUTE = "HTTPRoute";
    static final String GRPC_ROUTE = "GRPCRoute";
    static final String TLS_ROUTE = "TLSRoute";
    static final String TCP_ROUTE = "TCPRoute";
    static final String UDP_ROUTE = "UDPRoute";
    /** The listener's tls.options key naming one of Jetway's ACME certificates resolvers. */
    static final String CERT_RESOLVER_OPTION = "jetway.io/cert-resolver";

    private final ResourceSnapshot resources;
    private final GatewayOptions options;

    Listeners(ResourceSnapshot resources, GatewayOptions options) {
        this.resources = resources;
        this.options = options;
    }

    /**
     * @param certificates receives the certificates of valid Terminate listeners (once per Secret),
     *                     for the default TLS store, where SNI picks them as Traefik does
     * @param warn         receives what is worth saying but changes no condition
     */
    List<GatewayListener> load(KubeObject gateway, Map<String, TlsCertificate> certificates, Consumer<String> warn) {
        List<GatewayListener> listeners = new ArrayList<>();
        Set<String> allocated = new HashSet<>();
        for (Node listener : gateway.spec().get("listeners").list()) {
            listeners.add(load(gateway, listener, allocated, certificates, warn));
        }
        return listeners;
    }

    private GatewayListener load(KubeObject gateway, Node listener, Set<String> allocated,
                                 Map<String, TlsCertificate> certificates, Consumer<String> warn) {
        String name = listener.get("name").string("");
        int port = listener.get("port").integer(0);
        String protocol = listener.get("protocol").string("");
        String hostname = listener.get("hostname").string(null);
        Node tls = listener.get("tls");
        boolean passthrough = "Passthrough".equals(tls.get("mode").string("Terminate"));
        Draft d = new Draft(gateway, name, port, protocol, hostname, passthrough);

        String entryPoint = entryPointName(port, protocol);
        if (entryPoint == null) {
            return d.fail(GatewayCondition.isFalse("Accepted", "PortUnavailable", "Cannot find entryPoint for Gateway: "
                    + "no matching entryPoint for port " + port + " and protocol \"" + protocol + "\"" + availablePorts(protocol)));
        }
        d.entryPoint = entryPoint;

        Node namespaces = listener.get("allowedRoutes").get("namespaces");
        try {
            d.allowedNamespaces = allowedNamespaces(gateway.namespace(), namespaces);
        } catch (IllegalArgumentException e) {
            return d.fail(GatewayCondition.isFalse("ResolvedRefs", "InvalidRouteNamespacesSelector",
                    "Invalid route namespaces selector: " + e.getMessage()));
        }

        List<String> supported;
        switch (protocol) {
            case "TCP" -> {
                if (!options.experimentalChannel()) {
                    return d.fail(GatewayCondition.isTrue("Conflicted", "ProtocolConflict", "Protocol \"TCP\" requires the "
                            + "experimental channel support to be enabled, please use the `experimentalChannel` option"));
                }
                supported = List.of(TCP_ROUTE);
            }
            case "HTTP", "HTTPS" -> supported = List.of(HTTP_ROUTE, GRPC_ROUTE);
            case "TLS" -> supported = List.of(TLS_ROUTE);
            case "UDP" -> {
                // Beyond Traefik (no UDPRoute there): on Jetway's UDP entry points, with the experimental channel.
                if (!options.experimentalChannel()) {
                    return d.fail(GatewayCondition.isTrue("Conflicted", "UnsupportedProtocol", "Protocol \"UDP\" requires the "
                            + "experimental channel support to be enabled, please use the `experimentalChannel` option"));
                }
                supported = List.of(UDP_ROUTE);
            }
            default -> {
                return d.fail(GatewayCondition.isTrue("Conflicted", "UnsupportedProtocol", "Unsupported listener protocol \""
                        + protocol + "\""));
            }
        }

        List<Node> kinds = listener.get("allowedRoutes").get("kinds").list();
        if (kinds.isEmpty()) {
            d.allowedKinds = supported;
        } else {
            List<GatewayCondition> failures = new ArrayList<>();
            Set<String> allowed = new LinkedHashSet<>();
            for (Node kind : kinds) {
                String group = kind.get("group").string(ReferenceGrants.GATEWAY_GROUP);
                String k = kind.get("kind").string("");
                if (group.equals(ReferenceGrants.GATEWAY_GROUP) && supported.contains(k)) {
                    allowed.add(k);
                } else {
                    failures.add(GatewayCondition.isFalse("ResolvedRefs", "InvalidRouteKinds", "Listener protocol \"" + protocol
                            + "\" does not support RouteGroupKind " + group + "/" + k));
                }
            }
            d.allowedKinds = List.copyOf(allowed);
            if (!failures.isEmpty()) {
                return d.fail(failures.toArray(GatewayCondition[]::new));
            }
        }

        // Same protocol, port and hostname twice on one Gateway: the later one conflicts.
        if (!allocated.add(protocol + "|" + port + "|" + (hostname == null ? "" : hostname))) {
            return d.fail(GatewayCondition.isTrue("Conflicted", "DuplicateListener",
                    "A listener with same protocol, port and hostname already exists"));
        }

        if ((protocol.equals("HTTP") || protocol.equals("TCP")) && !tls.isMissing()) {
            return d.fail(GatewayCondition.isFalse("Accepted", "InvalidTLSConfiguration",
                    "TLS configuration must no be defined when using HTTP or TCP protocol"));
        }
        if (protocol.equals("HTTPS") || protocol.equals("TLS")) {
            if (tls.isMissing()) {
                return d.fail(GatewayCondition.isFalse("Accepted", "InvalidTLSConfiguration", "No TLS configuration for Gateway Listener "
                        + name + ":" + port + " and protocol \"" + protocol + "\""));
            }
            List<Node> refs = tls.get("certificateRefs").list();
            if (passthrough && !refs.isEmpty()) {
                warn.accept("listener " + name + ": in Passthrough mode the certificateRefs take no effect"
                        + " (the backend answers the handshake)");
            }
            if (passthrough && protocol.equals("HTTPS")) {
                return d.fail(GatewayCondition.isFalse("Accepted", "UnsupportedProtocol",
                        "HTTPS protocol is not supported with TLS mode Passthrough"));
            }
            String resolver = tls.get("options").get(CERT_RESOLVER_OPTION).string("");
            if (!resolver.isEmpty() && protocol.equals("HTTPS") && !passthrough) {
                // Beyond Traefik (its own ACME does not issue for Gateway listeners): the routers on
                // this listener ask the resolver for their hosts' certificates, as an IngressRoute's do.
                d.certResolver = resolver;
            }
            if (!passthrough) {
                if (refs.isEmpty() && d.certResolver != null) {
                    return d.valid();
                }
                if (refs.isEmpty()) {
                    return d.fail(GatewayCondition.isFalse("ResolvedRefs", "InvalidCertificateRef",
                            "One TLS CertificateRef is required in Terminate mode"));
                }
                List<GatewayCondition> failures = new ArrayList<>();
                Map<String, TlsCertificate> mine = new LinkedHashMap<>();
                for (Node ref : refs) {
                    String group = ref.get("group").string("");
                    String kind = ref.get("kind").string("Secret");
                    if (!kind.equals("Secret") || !(group.isEmpty() || group.equals("core"))) {
                        failures.add(GatewayCondition.isFalse("ResolvedRefs", "InvalidCertificateRef",
                                "Unsupported TLS CertificateRef group/kind: " + (group.isEmpty() ? "core" : group) + "/" + kind));
                        continue;
                    }
                    String secretNamespace = ref.get("namespace").string(gateway.namespace());
                    String secretName = ref.get("name").string("");
                    if (!ReferenceGrants.granted(resources, "Gateway", gateway.namespace(), "", "Secret", secretName, secretNamespace)) {
                        failures.add(GatewayCondition.isFalse("ResolvedRefs", "RefNotPermitted", "Cannot reference CertificateRef "
                                + secretNamespace + "/" + secretName + ": missing ReferenceGrant"));
                        continue;
                    }
                    String key = secretNamespace + "/" + secretName;
                    if (!mine.containsKey(key)) {
                        try {
                            mine.put(key, certificate(secretNamespace, secretName, warn));
                        } catch (TranslationException e) {
                            failures.add(GatewayCondition.isFalse("ResolvedRefs", "InvalidCertificateRef",
                                    "Cannot load CertificateRef " + key + ": " + e.getMessage()));
                        }
                    }
                }
                if (!failures.isEmpty()) {
                    failures.add(GatewayCondition.isFalse("Programmed", "Invalid", "Invalid CertificateRefs"));
                    return d.fail(failures.toArray(GatewayCondition[]::new));
                }
                mine.forEach(certificates::putIfAbsent);
            }
        }
        return d.valid();
    }

    /**
     * The first entry point (in configuration order) whose port is the listener's; an HTTP listener
     * skips entry points with {@code http.tls}. Traefik takes Go's map order here, which is random
     * when two entry points share a port.
     */
    private String entryPointName(int port, String protocol) {
        // Beyond Traefik: a UDP listener takes a /udp entry point and the others a TCP one, so a port
        // served by both (DNS on 53) is not ambiguous.
        // Without the experimental channel a UDP listener takes any (and then gets Traefik's UnsupportedProtocol).
        boolean udp = protocol.equals("UDP");
        for (GatewayOptions.EntryPoint ep : options.entryPoints()) {
            boolean kindFits = udp ? ep.udp() || !options.experimentalChannel() : !ep.udp();
            if (ep.port() == port && kindFits && !(protocol.equals("HTTP") && ep.httpTls())) {
                return ep.name();
            }
        }
        return null;
    }

    /** Beyond Traefik (#8974): say which ports a listener may use. */
    private String availablePorts(String protocol) {
        Set<Integer> ports = new TreeSet<>();
        for (GatewayOptions.EntryPoint ep : options.entryPoints()) {
            if (ep.udp() == protocol.equals("UDP") && !(protocol.equals("HTTP") && ep.httpTls())) {
                ports.add(ep.port());
            }
        }
        return ports.isEmpty() ? "; no entry point is configured"
                : "; a listener's port must be an entry point's own listening port (not the Service's port): " + ports;
    }

    /** null for every namespace. */
    private Set<String> allowedNamespaces(String gatewayNamespace, Node namespaces) {
        String from = namespaces.get("from").string("Same");
        switch (from) {
            case "All":
                return null;
            case "Same":
                return Set.of(gatewayNamespace);
            case "Selector":
                LabelSelector selector = selector(namespaces.get("selector"));
                Set<String> names = new HashSet<>();
                for (KubeObject ns : resources.ofKind("Namespace")) {
                    Map<String, String> labels = new LinkedHashMap<>();
                    ns.root().get("metadata").get("labels").map().forEach((k, v) -> labels.put(k, String.valueOf(v)));
                    // The API server adds this label to every Namespace; a manifest may not.
                    labels.putIfAbsent("kubernetes.io/metadata.name", ns.name());
                    if (selector.matches(labels)) {
                        names.add(ns.name());
                    }
                }
                return names;
            default:
                throw new IllegalArgumentException("unsupported RouteSelectType \"" + from + "\"");
        }
    }

    /** A structured selector (matchLabels, matchExpressions) in the flag syntax LabelSelector reads. */
    static LabelSelector selector(Node selector) {
        List<String> parts = new ArrayList<>();
        selector.get("matchLabels").map().forEach((k, v) -> parts.add(k + "=" + v));
        for (Node e : selector.get("matchExpressions").list()) {
            String key = e.get("key").requiredString();
            List<String> values = e.get("values").strings();
            switch (e.get("operator").requiredString()) {
                case "In" -> parts.add(key + " in (" + String.join(",", values) + ")");
                case "NotIn" -> parts.add(key + " notin (" + String.join(",", values) + ")");
                case "Exists" -> parts.add(key);
                case "DoesNotExist" -> parts.add("!" + key);
                default -> throw new IllegalArgumentException("unknown operator \"" + e.get("operator").string("") + "\"");
            }
        }
        return LabelSelector.parse(String.join(",", parts));
    }

    private TlsCertificate certificate(String namespace, String name, Consumer<String> warn) {
        KubeObject secret = resources.find("Secret", namespace, name)
                .orElseThrow(() -> new TranslationException("getting secret: secret " + namespace + "/" + name + " not found"));
        String where = "Secret " + namespace + "/" + name;
        String crt = MiddlewareSecrets.value(where, secret, "tls.crt");
        String key = MiddlewareSecrets.value(where, secret, "tls.key");
        if (crt == null || key == null) {
            throw new TranslationException("secret " + namespace + "/" + name + " has no " + (crt == null ? "tls.crt" : "tls.key"));
        }
        SecretCertificates.check(where, crt, key, secret.ref().toString(), warn);
        return new TlsCertificate(crt, key, secret.ref(), List.of());
    }

    /** A listener under construction. */
    private static final class Draft {
        final KubeObject gateway;
        final String name;
        final int port;
        final String protocol;
        final String hostname;
        final boolean passthrough;
        String entryPoint;
        Set<String> allowedNamespaces = Set.of();
        List<String> allowedKinds = List.of();

        Draft(KubeObject gateway, String name, int port, String protocol, String hostname, boolean passthrough) {
            this.gateway = gateway;
            this.name = name;
            this.port = port;
            this.protocol = protocol;
            this.hostname = hostname;
            this.passthrough = passthrough;
        }

        String certResolver;

        GatewayListener fail(GatewayCondition... conditions) {
            return new GatewayListener(gateway.namespace(), gateway.name(), name, port, protocol, hostname, passthrough,
                    entryPoint, allowedKinds, allowedNamespaces, List.of(conditions), certResolver);
        }

        GatewayListener valid() {
            return new GatewayListener(gateway.namespace(), gateway.name(), name, port, protocol, hostname, passthrough,
                    entryPoint, allowedKinds, allowedNamespaces, List.of(), certResolver);
        }
    }
}
