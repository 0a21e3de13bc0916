package io.jetway.translate.ingress;

import io.jetway.dynamic.DynamicConfig;
import io.jetway.dynamic.RouterConfig;
import io.jetway.dynamic.ServiceConfig.LoadBalancer;
import io.jetway.dynamic.ServiceConfig;
import io.jetway.dynamic.TlsCertificate;
import io.jetway.dynamic.TlsConfig;
import io.jetway.kube.KubeObject;
import io.jetway.kube.LabelSelector;
import io.jetway.kube.Node;
import io.jetway.kube.Problem;
import io.jetway.kube.ResourceSnapshot;
import io.jetway.translate.crd.CrdOptions;
import io.jetway.translate.crd.SecretCertificates;
import io.jetway.translate.crd.ServiceServers;
import io.jetway.translate.crd.TranslationException;
import io.jetway.translate.ingress.IngressAnnotations.RouterOptions;
import io.jetway.translate.ingress.IngressAnnotations.ServiceOptions;

import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * Translates Kubernetes Ingresses (networking.k8s.io/v1, and the v1beta1 shape of older manifests)
 * and the Services, endpoints and TLS Secrets they name into Traefik's dynamic configuration, as
 * Traefik's {@code kubernetesIngress} provider does: one router per rule path named
 * {@code ns-name-host-path@kubernetes}, one load balancer per Service port named
 * {@code ns-svc-port@kubernetes}, the annotations of {@link IngressAnnotations}. A pure function.
 *
 * <p>A path whose backend cannot be resolved keeps its router, disabled with the problem (so the API
 * and {@code jetway check} show it; requests get 404 as in Traefik, where the router is left out).
 * A bad {@code router.*} annotation skips the whole Ingress.
 */
public final class IngressTranslator {

    /** The IngressClass controller whose classes Jetway handles, as Traefik does. */
    public static final String CONTROLLER = "traefik.io/ingress-controller";
    /** The legacy class annotation; {@code traefik} is the class an unconfigured provider also handles. */
    static final String CLASS_ANNOTATION = "kubernetes.io/ingress.class";
    static final String DEFAULT_CLASS = "traefik";
    private static final String DEFAULT_RULE = "PathPrefix(`/`)";

    private final ResourceSnapshot resources;
    private final IngressOptions options;
    private final ServiceServers servers;
    /** Per service, the invalid endpoints its resolution left out. */
    private final Map<String, List<String>> skippedByService = new HashMap<>();
    private final Map<String, RouterConfig> routers = new TreeMap<>();
    private final Map<String, ServiceConfig> services = new TreeMap<>();
    private final Map<String, TlsCertificate> certificates = new LinkedHashMap<>();
    private final List<Problem> problems = new ArrayList<>();

    private IngressTranslator(ResourceSnapshot resources, IngressOptions options) {
        this.resources = resources;
        this.options = options;
        this.servers = new ServiceServers(resources, new CrdOptions(false, options.allowEmptyServices(),
                options.allowExternalNameServices(), options.nativeLBByDefault()));
    }

    public static DynamicConfig translate(ResourceSnapshot resources, IngressOptions options) {
        IngressTranslator t = new IngressTranslator(resources, options);
        Set<String> classes = t.traefikClasses();
        LabelSelector selector = LabelSelector.parse(options.labelSelector());
        List<KubeObject> ingresses = resources.ofKind("Ingress").stream()
                .filter(o -> o.group().equals("networking.k8s.io") || o.group().equals("extensions"))
                .sorted(Comparator.comparing(KubeObject::namespace).thenComparing(KubeObject::name))
                .toList();
        for (KubeObject ingress : ingresses) {
            try {
                if (t.selected(ingress, classes, selector)) {
                    t.translateIngress(ingress);
                }
            } catch (TranslationException | Node.InvalidFieldException e) {
                t.problems.add(new Problem(ingress.ref(), null, e.getMessage()));
            } catch (RuntimeException e) {
                // What slips past the checks where fields are read must not stop a reload.
                t.problems.add(new Problem(ingress.ref(), null, "cannot be translated (" + e.getClass().getSimpleName() + ")"));
            }
        }
        t.problems.addAll(t.servers.endpointProblems());
        return new DynamicConfig(t.routers, t.services, Map.of(), t.problems, Map.of(),
                new TlsConfig(List.copyOf(t.certificates.values())));
    }

    // ---- which Ingresses are Jetway's ----------------------------------------------------------

    /** IngressClasses of Traefik's controller; only the configured one when {@code ingressClass} is set. */
    private Set<String> traefikClasses() {
        Set<String> names = new java.util.HashSet<>();
        for (KubeObject c : resources.ofKind("IngressClass")) {
            String controller = String.valueOf(mapOf(c.document().get("spec")).get("controller"));
            if (controller.equals(CONTROLLER) && (options.ingressClass().isEmpty() || options.ingressClass().equals(c.name()))) {
                names.add(c.name());
            }
        }
        return names;
    }

    /**
     * Traefik's rule: an Ingress naming a class (spec.ingressClassName) is handled when that class is
     * one of Traefik's controller; otherwise the class annotation must equal the configured class,
     * or, with none configured, be absent or {@code traefik}.
     */
    private boolean selected(KubeObject ingress, Set<String> classes, LabelSelector selector) {
        if (!options.namespaces().isEmpty() && !options.namespaces().contains(ingress.namespace())) {
            return false;
        }
        Map<?, ?> metadata = mapOf(ingress.document().get("metadata"));
        Map<String, String> labels = new LinkedHashMap<>();
        mapOf(metadata.get("labels")).forEach((k, v) -> labels.put(String.valueOf(k), String.valueOf(v)));
        if (!selector.matches(labels)) {
            return false;
        }
        Object className = mapOf(ingress.document().get("spec")).get("ingressClassName");
        if (className != null) {
            return classes.contains(String.valueOf(className));
        }
        Object annotation = mapOf(metadata.get("annotations")).get(CLASS_ANNOTATION);
        String annotated = annotation == null ? "" : String.valueOf(annotation);
        return options.ingressClass().equals(annotated)
                || (options.ingressClass().isEmpty() && annotated.equals(DEFAULT_CLASS));
    }

    /** Selection reads fields leniently: a malformed Ingress is selected and then reported by its translation. */
    private static Map<?, ?> mapOf(Object value) {
        return value instanceof Map<?, ?> m ? m : Map.of();
    }

    // ---- one Ingress ---------------------------------------------------------------------------

    private void translateIngress(KubeObject ingress) {
        RouterOptions router;
        List<Node> rules;
        Node defaultBackend;
        try {
            router = IngressAnnotations.router(ingress);
            rules = ingress.spec().get("rules").list();
            defaultBackend = ingress.spec().get("defaultBackend");
            if (defaultBackend.isMissing()) {
                defaultBackend = ingress.spec().get("backend"); // v1beta1
            }
        } catch (TranslationException | Node.InvalidFieldException e) {
            problems.add(new Problem(ingress.ref(), null, e.getMessage()));
            return;
        }
        certificates(ingress);
        if (rules.isEmpty() && defaultBackend.isMissing()) {
            problems.add(new Problem(ingress.ref(), null, "spec: an Ingress needs rules or a defaultBackend"));
            return;
        }
        if (!defaultBackend.isMissing()) {
            defaultRouter(ingress, defaultBackend, router);
        }
        Map<String, List<PathRouter>> byKey = new LinkedHashMap<>();
        for (Node rule : rules) {
            try {
                String host = rule.get("host").string("");
                for (Node path : rule.get("http").get("paths").list()) {
                    PathRouter r = pathRouter(ingress, host, path, router);
                    byKey.computeIfAbsent(r.key(), k -> new ArrayList<>()).add(r);
                }
            } catch (TranslationException | Node.InvalidFieldException e) {
                problems.add(new Problem(ingress.ref(), null, e.getMessage()));
            }
        }
        byKey.forEach((key, group) -> {
            for (PathRouter r : group) {
                // Paths that normalize to the same name (e.g. /a.b and /a-b) are told apart by their rule.
                String name = IngressNames.qualify(group.size() == 1 ? key : IngressNames.routerKeyWithHash(key, r.config().rule()));
                add(ingress, name, r);
            }
        });
    }

    /** One path's router before its final name is known; {@code error} disables it. */
    private record PathRouter(String key, RouterConfig config, String error) {
    }

    private void add(KubeObject ingress, String name, PathRouter r) {
        RouterConfig c = r.config();
        if (routers.containsKey(name)) {
            problems.add(new Problem(ingress.ref(), null, "router " + name + " is defined twice (same host, path and rule)"));
            return;
        }
        routers.put(name, new RouterConfig(name, c.entryPoints(), c.rule(), c.priority(), c.ruleSyntax(), c.middlewares(),
                c.service(), c.source(), List.of(), c.tls()));
        if (r.error() != null) {
            problems.add(new Problem(ingress.ref(), name, r.error()));
        } else {
            warnSkippedEndpoints(ingress, name, c.service());
        }
    }

    private PathRouter pathRouter(KubeObject ingress, String host, Node path, RouterOptions router) {
        String pathText = path.get("path").string("");
        String rule = rule(host, pathText, path.get("pathType").string(""), router);
        String key = IngressNames.routerKey(ingress.namespace(), ingress.name(), host, pathText);
        String service;
        String error = null;
        try {
            service = backendService(ingress, path.get("backend"));
        } catch (TranslationException | Node.InvalidFieldException e) {
            error = e.getMessage();
            service = intendedService(ingress, path.get("backend"));
        }
        RouterConfig config = new RouterConfig(key, router.entryPoints(), rule, router.priority(), router.ruleSyntax(),
                router.middlewares(), service, ingress.ref(), List.of(), router.tls());
        return new PathRouter(key, config, error);
    }

    /** Host and path matchers joined with &&; a rule with neither matches every request. */
    static String rule(String host, String path, String pathType, RouterOptions router) {
        List<String> parts = new ArrayList<>();
        if (!host.isEmpty()) {
            parts.add(hostRule(host, router.ruleSyntax()));
        }
        if (!path.isEmpty()) {
            String matcher = switch (pathType) {
                case "Exact" -> "Path";
                case "Prefix" -> "PathPrefix";
                default -> router.pathMatcher(); // ImplementationSpecific or unset
            };
            parts.add(matcher + "(`" + path + "`)");
        }
        return parts.isEmpty() ? DEFAULT_RULE : String.join(" && ", parts);
    }

    /** A wildcard host ({@code *.example.com}) matches one label, as Kubernetes defines it. */
    private static String hostRule(String host, String ruleSyntax) {
        if (!host.startsWith("*.")) {
            return "Host(`" + host + "`)";
        }
        if (ruleSyntax.equals("v2")) {
            return "HostRegexp(`{subdomain:[a-zA-Z0-9-]+}." + host.substring(2) + "`)";
        }
        return "HostRegexp(`^[a-zA-Z0-9-]+\\." + quoteMeta(host.substring(2)) + "$`)";
    }

    /** Go's regexp.QuoteMeta, so the rule reads as Traefik's does. */
    private static String quoteMeta(String text) {
        StringBuilder out = new StringBuilder(text.length() + 8);
        for (char c : text.toCharArray()) {
            if ("\\.+*?()|[]{}^$".indexOf(c) >= 0) {
                out.append('\\');
            }
            out.append(c);
        }
        return out.toString();
    }

    /** The one {@code default-router} (lowest priority, matches everything); a second Ingress with a default backend is a problem. */
    private void defaultRouter(KubeObject ingress, Node backend, RouterOptions router) {
        String name = IngressNames.qualify(IngressNames.DEFAULT_ROUTER);
        if (routers.containsKey(name)) {
            problems.add(new Problem(ingress.ref(), null, "spec.defaultBackend: the default backend is already defined by "
                    + routers.get(name).source() + "; only one Ingress may have one"));
            return;
        }
        String service = IngressNames.qualify(IngressNames.DEFAULT_BACKEND);
        try {
            servers.takeSkipped();
            services.put(service, loadBalancer(ingress, backend));
            skippedByService.put(service, servers.takeSkipped());
            warnSkippedEndpoints(ingress, name, service);
        } catch (TranslationException | Node.InvalidFieldException e) {
            problems.add(new Problem(ingress.ref(), name, e.getMessage()));
        }
        routers.put(name, new RouterConfig(name, router.entryPoints(), DEFAULT_RULE, Integer.MIN_VALUE, "v3",
                router.middlewares(), service, ingress.ref(), List.of(), router.tls()));
    }

    // ---- backends ------------------------------------------------------------------------------

    /** Adds the backend's load balancer (once per Service port) and returns its qualified name. */
    private String backendService(KubeObject ingress, Node backend) {
        String serviceName = serviceName(backend);
        String port = port(backend);
        String name = IngressNames.qualify(IngressNames.serviceKey(ingress.namespace(), serviceName, port));
        if (!services.containsKey(name)) {
            servers.takeSkipped();
            services.put(name, loadBalancer(ingress, backend));
            skippedByService.put(name, servers.takeSkipped());
        }
        return name;
    }

    /** Invalid endpoints are left out, as Traefik ignores them: a warning on each router that uses the service. */
    private void warnSkippedEndpoints(KubeObject ingress, String router, String service) {
        skippedByService.getOrDefault(service, List.of())
                .forEach(skipped -> problems.add(Problem.warning(ingress.ref(), router, "an endpoint is skipped: " + skipped)));
    }

    /** For a disabled router: the service it would have used, or null when the backend cannot even name one. */
    private static String intendedService(KubeObject ingress, Node backend) {
        try {
            return IngressNames.qualify(IngressNames.serviceKey(ingress.namespace(), serviceName(backend), port(backend)));
        } catch (TranslationException | Node.InvalidFieldException e) {
            return null;
        }
    }

    private static String serviceName(Node backend) {
        if (backend.isMissing()) {
            throw new TranslationException(backend.path() + ": " + backend.requiredMessage());
        }
        if (!backend.get("resource").isMissing()) {
            throw new TranslationException(backend.get("resource").path() + ": resource backends are not supported");
        }
        Node service = backend.get("service");
        if (service.isMissing() && !backend.get("serviceName").isMissing()) {
            return backend.get("serviceName").requiredString(); // v1beta1
        }
        if (service.isMissing()) {
            throw new TranslationException(service.path() + ": " + service.requiredMessage());
        }
        return service.get("name").requiredString();
    }

    /** The Service port as written: its name, else its number. */
    private static String port(Node backend) {
        Node service = backend.get("service");
        if (service.isMissing()) {
            Node port = backend.get("servicePort"); // v1beta1
            if (port.isMissing()) {
                throw new TranslationException(port.path() + ": " + port.requiredMessage());
            }
            return port.requiredString();
        }
        Node port = service.get("port");
        String name = port.get("name").string("");
        if (!name.isEmpty()) {
            return name;
        }
        int number = port.get("number").integer(0);
        if (number <= 0 || number > 65535) {
            throw new TranslationException(port.path() + ": needs a name or a number between 1 and 65535");
        }
        return String.valueOf(number);
    }

    private LoadBalancer loadBalancer(KubeObject ingress, Node backend) {
        String name = serviceName(backend);
        String port = port(backend);
        KubeObject service = resources.find("Service", ingress.namespace(), name)
                .orElseThrow(() -> new TranslationException(backend.path() + ": kubernetes service "
                        + ingress.namespace() + "/" + name + " not found"));
        ServiceOptions o;
        try {
            o = IngressAnnotations.service(service);
        } catch (TranslationException | Node.InvalidFieldException e) {
            throw new TranslationException("Service " + service.namespace() + "/" + name + " " + e.getMessage());
        }
        boolean nativeLB = o.nativeLB() == null ? options.nativeLBByDefault() : o.nativeLB();
        try {
            return new LoadBalancer(servers.resolve(ingress.namespace(), name, port, o.scheme(), nativeLB, o.nodePortLB()),
                    o.passHostHeader(), LoadBalancer.DEFAULT_FLUSH_INTERVAL, "wrr", o.sticky(), o.serversTransport(),
                    ingress.ref());
        } catch (TranslationException e) {
            throw new TranslationException(backend.path() + ": " + e.getMessage());
        }
    }

    // ---- TLS -----------------------------------------------------------------------------------

    /**
     * spec.tls[].secretName: the Secret's certificate goes to the default store (it selects
     * certificates; TLS on the routers is the router.tls annotations' business). A missing Secret or
     * key is a problem on the Ingress, whose routers still serve.
     */
    private void certificates(KubeObject ingress) {
        List<Node> sections;
        try {
            sections = ingress.spec().get("tls").list();
        } catch (Node.InvalidFieldException e) {
            problems.add(new Problem(ingress.ref(), null, e.getMessage()));
            return;
        }
        for (Node section : sections) {
            try {
                String secretName = section.get("secretName").string("");
                if (secretName.isEmpty()) {
                    continue; // a section without a Secret only lists hosts
                }
                String key = ingress.namespace() + "/" + secretName;
                if (!certificates.containsKey(key)) {
                    certificates.put(key, certificate(section.get("secretName").path(), ingress.namespace(), secretName,
                            warning -> problems.add(Problem.warning(ingress.ref(), null, warning))));
                }
            } catch (TranslationException | Node.InvalidFieldException e) {
                problems.add(new Problem(ingress.ref(), null, e.getMessage()));
            }
        }
    }

    private TlsCertificate certificate(String field, String namespace, String name, Consumer<String> warn) {
        KubeObject secret = resources.find("Secret", namespace, name)
                .orElseThrow(() -> new TranslationException(field + ": Secret " + namespace + "/" + name + " not found"));
        String cert = secretValue(field, secret, "tls.crt");
        String key = secretValue(field, secret, "tls.key");
        SecretCertificates.check(field + ": Secret " + namespace + "/" + name, cert, key, secret.ref().toString(), warn);
        return new TlsCertificate(cert, key, secret.ref(), List.of());
    }

    private static String secretValue(String field, KubeObject secret, String key) {
        String where = field + ": Secret " + secret.namespace() + "/" + secret.name();
        String value;
        try {
            String data = secret.root().get("data").get(key).string(null);
            value = data != null ? new String(Base64.getMimeDecoder().decode(data), java.nio.charset.StandardCharsets.UTF_8)
                    : secret.root().get("stringData").get(key).string(null);
        } catch (IllegalArgumentException e) {
            throw new TranslationException(where + " key " + key + ": invalid base64");
        }
        if (value == null || value.isBlank()) {
            throw new TranslationException(where + " has no key " + key);
        }
        return value;
    }
}
