package io.jetway.translate.crd;

import io.jetway.dynamic.ServiceConfig.Server;
import io.jetway.kube.KubeObject;
import io.jetway.kube.Node;
import io.jetway.kube.ObjectRef;
import io.jetway.kube.Problem;
import io.jetway.kube.ResourceSnapshot;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Resolves a Kubernetes Service port to server URLs: the Service's port by number or name, then
 * its target through EndpointSlices (or legacy Endpoints), skipping endpoints that are not serving.
 * Shared by the CRD and Ingress translators; failures are {@link TranslationException}s. Layer 4
 * (IngressRouteTCP and IngressRouteUDP) asks for {@linkplain #addresses addresses} instead.
 */
public final class ServiceServers {

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(ServiceServers.class);

    private final ResourceSnapshot resources;
    private final CrdOptions options;
    /** Per Endpoints or EndpointSlice, what is wrong in it: each said once however many routes use it. */
    private final Map<ObjectRef, Set<String>> endpointProblems = new LinkedHashMap<>();
    /** Endpoints left out since the last {@link #takeSkipped()}, for the route that asked. */
    private final List<String> skipped = new ArrayList<>();
    private int invalidEndpointsSeen;
    /** Endpoints the last layer-4 resolution skipped only because their ready condition is unset. */
    private int unsetReady;

    public ServiceServers(ResourceSnapshot resources, CrdOptions options) {
        this.resources = resources;
        this.options = options;
    }

    /**
     * @param port   the route's port: a number or a port name
     * @param scheme explicit scheme or null
     */
    public List<Server> resolve(String namespace, String name, String port, String scheme, boolean nativeLB, boolean nodePortLB) {
        return servers(namespace, name, port, scheme, nativeLB, nodePortLB, false);
    }

    /**
     * Layer 4: {@code host:port} addresses, by Traefik's TCP and UDP rules, which differ from HTTP's in
     * one point: only endpoints whose {@code ready} condition is true are taken (an unset condition
     * is not; terminating endpoints are not kept).
     *
     * @param port the route's port: a number or a port name, never empty
     */
    public List<String> addresses(String namespace, String name, String port, boolean nativeLB, boolean nodePortLB) {
        return servers(namespace, name, port, null, nativeLB, nodePortLB, true).stream().map(Server::url).toList();
    }

    /** @param layer4 host:port addresses of ready endpoints instead of URLs of serving ones ({@code scheme} unused) */
    private List<Server> servers(String namespace, String name, String port, String scheme, boolean nativeLB,
                                 boolean nodePortLB, boolean layer4) {
        KubeObject service = resources.find("Service", namespace, name)
                .orElseThrow(() -> new TranslationException("kubernetes service " + namespace + "/" + name + " not found"));
        Node spec = service.spec();
        if ("ExternalName".equals(spec.get("type").string(""))) {
            return externalName(namespace, name, spec, port, scheme, layer4);
        }
        Node servicePort = findPort(spec, port)
                .orElseThrow(() -> new TranslationException("port " + port + " not found in kubernetes service " + namespace + "/" + name));
        int portNumber = servicePort.get("port").integer(0);
        String portName = servicePort.get("name").string("");
        String effectiveScheme = layer4 ? null : scheme(scheme, portNumber, portName);

        if (nodePortLB && "NodePort".equals(spec.get("type").string(""))) {
            return nodePortServers(namespace, name, servicePort, effectiveScheme);
        }
        if (nativeLB) {
            String clusterIp = spec.get("clusterIP").string("");
            if (clusterIp.isEmpty() || clusterIp.equals("None")) {
                throw new TranslationException("kubernetes service " + namespace + "/" + name + " has no cluster IP for nativeLB");
            }
            String problem = EndpointAddresses.addressProblem(clusterIp, "");
            if (problem != null) {
                throw new TranslationException("kubernetes service " + namespace + "/" + name + " spec.clusterIP: " + problem);
            }
            return List.of(new Server(url(effectiveScheme, clusterIp, portNumber), 1));
        }
        unsetReady = 0;
        List<Server> servers = fromEndpointSlices(namespace, name, portName, effectiveScheme, layer4);
        if (servers == null) {
            servers = fromEndpoints(namespace, name, portName, effectiveScheme);
        }
        if (servers.isEmpty() && !options.allowEmptyServices()) {
            throw new TranslationException("kubernetes service " + namespace + "/" + name + " has no ready endpoints"
                    + (unsetReady == 0 ? "" : " (" + unsetReady + " without a ready condition: TCP and UDP routes take"
                            + " only endpoints marked ready: true, as Traefik's do)")
                    + (skipped.isEmpty() ? "" : ", invalid ones are skipped: " + String.join("; ", new LinkedHashSet<>(skipped))));
        }
        return servers;
    }

    /**
     * An ExternalName Service's one server. Its port may be set on the route, on the Service or on
     * both; when both disagree the route's wins, with a warning, as in Traefik.
     */
    private List<Server> externalName(String namespace, String name, Node spec, String port, String scheme, boolean layer4) {
        if (!options.allowExternalNameServices()) {
            throw new TranslationException("kubernetes service " + namespace + "/" + name
                    + " is of type ExternalName, which is not allowed (allowExternalNameServices is false)");
        }
        Node servicePort = findPort(spec, port).orElse(null);
        int portNumber;
        String portName = "";
        if (servicePort != null) {
            portNumber = servicePort.get("port").integer(0);
            portName = servicePort.get("name").string("");
        } else if (!port.isEmpty() && port.chars().allMatch(Character::isDigit)) {
            portNumber = Integer.parseInt(port);
            if (!spec.get("ports").list().isEmpty()) {
                LOG.warn("event=port-mismatch service={}/{} msg=\"the IngressRoute's port {} is not a port of the ExternalName service; using the IngressRoute's\"",
                        namespace, name, port);
            }
        } else {
            throw new TranslationException("port " + port + " not found in kubernetes service " + namespace + "/" + name);
        }
        String effectiveScheme = layer4 ? null : scheme(scheme, portNumber, portName);
        String host = spec.get("externalName").requiredString();
        if (!EndpointAddresses.isHost(host)) {
            throw new TranslationException("kubernetes service " + namespace + "/" + name + " spec.externalName: \""
                    + host + "\" is not a valid host name or IP address");
        }
        if (portNumber < 1 || portNumber > 65535) {
            throw new TranslationException("kubernetes service " + namespace + "/" + name + ": port " + portNumber
                    + " is not a valid port (1-65535)");
        }
        return List.of(new Server(url(effectiveScheme, host, portNumber), 1));
    }

    /** The explicit scheme, else https for port 443 or a port named https*, else http. */
    private static String scheme(String explicit, int portNumber, String portName) {
        return explicit != null && !explicit.isEmpty() ? explicit
                : (portNumber == 443 || portName.startsWith("https") ? "https" : "http");
    }

    /** For a route without a port: the first port of the ExternalName Service it names, or "". */
    String externalNamePort(String namespace, String name) {
        return resources.find("Service", namespace, name)
                .filter(s -> "ExternalName".equals(s.spec().get("type").string("")))
                .flatMap(s -> s.spec().get("ports").list().stream().findFirst())
                .map(p -> String.valueOf(p.get("port").integer(0)))
                .orElse("");
    }

    /** nodePortLB: every node's internal address at the Service's node port (Jetway outside the cluster). */
    private List<Server> nodePortServers(String namespace, String name, Node servicePort, String scheme) {
        int nodePort = servicePort.get("nodePort").integer(0);
        if (nodePort <= 0 || nodePort > 65535) {
            throw new TranslationException("kubernetes service " + namespace + "/" + name + " has no nodePort for nodePortLB");
        }
        Set<String> urls = new LinkedHashSet<>();
        for (KubeObject node : resources.ofKind("Node")) {
            for (Node address : node.root().get("status").get("addresses").list()) {
                if ("InternalIP".equals(address.get("type").string(""))
                        && usable(node, address.get("address"), "", name)) {
                    urls.add(url(scheme, address.get("address").string(""), nodePort));
                }
            }
        }
        if (urls.isEmpty()) {
            throw new TranslationException("kubernetes service " + namespace + "/" + name
                    + ": nodePortLB found no node with an InternalIP address");
        }
        return toServers(urls);
    }

    private static java.util.Optional<Node> findPort(Node spec, String port) {
        boolean numeric = !port.isEmpty() && port.chars().allMatch(Character::isDigit);
        for (Node p : spec.get("ports").list()) {
            if (numeric ? String.valueOf(p.get("port").integer(-1)).equals(port) : port.equals(p.get("name").string(""))) {
                return java.util.Optional.of(p);
            }
        }
        return java.util.Optional.empty();
    }

    /**
     * Null when the service has no EndpointSlice at all, so legacy Endpoints are consulted.
     * Endpoints that are terminating but still serving are kept, marked, for their sticky clients.
     */
    private List<Server> fromEndpointSlices(String namespace, String service, String portName, String scheme, boolean readyOnly) {
        Map<String, Boolean> terminatingByUrl = new LinkedHashMap<>();
        boolean any = false;
        for (KubeObject slice : resources.endpointSlicesOf(namespace, service)) {
            any = true;
            Node root = slice.root();
            Integer target = targetPort(slice, root.get("ports").list(), portName, service);
            if (target == null) {
                continue;
            }
            String addressType = root.get("addressType").string("IPv4");
            for (Node endpoint : root.get("endpoints").list()) {
                Node conditions = endpoint.get("conditions");
                // Unset conditions mean ready, as in Kubernetes; serving=false is skipped.
                boolean serving = conditions.get("serving").bool(conditions.get("ready").bool(true));
                if (readyOnly && !conditions.get("ready").bool(false)) {
                    unsetReady += conditions.get("ready").isMissing() ? 1 : 0;
                    continue;
                }
                if (!serving) {
                    continue;
                }
                boolean terminating = conditions.get("terminating").bool(false);
                for (Node address : endpoint.get("addresses").list()) {
                    if (usable(slice, address, addressType, service)) {
                        terminatingByUrl.merge(url(scheme, address.string(""), target), terminating, Boolean::logicalAnd);
                    }
                }
            }
        }
        if (!any) {
            return null;
        }
        List<Server> servers = new ArrayList<>(terminatingByUrl.size());
        terminatingByUrl.forEach((u, terminating) -> servers.add(new Server(u, 1, terminating)));
        return List.copyOf(servers);
    }

    private List<Server> fromEndpoints(String namespace, String service, String portName, String scheme) {
        KubeObject endpoints = resources.find("Endpoints", namespace, service).orElse(null);
        if (endpoints == null) {
            return List.of();
        }
        Set<String> urls = new LinkedHashSet<>();
        for (Node subset : endpoints.root().get("subsets").list()) {
            Integer target = targetPort(endpoints, subset.get("ports").list(), portName, service);
            if (target == null) {
                continue;
            }
            for (Node address : subset.get("addresses").list()) {
                if (usable(endpoints, address.get("ip"), "", service)) {
                    urls.add(url(scheme, address.get("ip").string(""), target));
                }
            }
        }
        return toServers(urls);
    }

    /**
     * The port named {@code portName} in an Endpoints subset or EndpointSlice, or null when there
     * is none or it is invalid (a problem on the object, the endpoints skipped as Traefik ignores them).
     */
    private Integer targetPort(KubeObject owner, List<Node> ports, String portName, String service) {
        for (Node p : ports) {
            if (portName.equals(p.get("name").string(""))) {
                try {
                    return EndpointAddresses.port(p.get("port"));
                } catch (TranslationException e) {
                    invalidEndpoint(owner, e.getMessage(), service);
                    return null;
                }
            }
        }
        return null;
    }

    private boolean usable(KubeObject owner, Node address, String addressType, String service) {
        String problem = EndpointAddresses.addressProblem(address.string(""), addressType);
        if (problem != null) {
            invalidEndpoint(owner, address.path() + ": " + problem, service);
        }
        return problem == null;
    }

    private void invalidEndpoint(KubeObject owner, String problem, String service) {
        invalidEndpointsSeen++;
        endpointProblems.computeIfAbsent(owner.ref(), k -> new LinkedHashSet<>()).add(problem);
        String namespace = owner.namespace() == null || owner.namespace().isEmpty() ? "" : owner.namespace() + "/";
        skipped.add(owner.kind() + " " + namespace + owner.name() + " " + problem);
    }

    /** How many invalid endpoints the resolutions so far came across (each time, not once per endpoint). */
    int invalidEndpointsSeen() {
        return invalidEndpointsSeen;
    }

    /** The problems found in Endpoints and EndpointSlices so far, one per field. */
    public List<Problem> endpointProblems() {
        List<Problem> problems = new ArrayList<>();
        endpointProblems.forEach((ref, messages) -> messages.forEach(m -> problems.add(new Problem(ref, null, m))));
        return problems;
    }

    /**
     * What the resolutions since the last call left out ("EndpointSlice ns/name field: why"), for a
     * warning on the route that asked; then forgets it.
     */
    public List<String> takeSkipped() {
        List<String> taken = List.copyOf(new LinkedHashSet<>(skipped));
        skipped.clear();
        return taken;
    }

    private static List<Server> toServers(Set<String> urls) {
        List<Server> servers = new ArrayList<>(urls.size());
        for (String u : urls) {
            servers.add(new Server(u, 1));
        }
        return List.copyOf(servers);
    }

    /** @param scheme null for a bare {@code host:port} (layer 4) */
    static String url(String scheme, String host, int port) {
        String h = host.indexOf(':') >= 0 && !host.startsWith("[") ? "[" + host + "]" : host;
        return (scheme == null ? "" : scheme + "://") + h + ":" + port;
    }
}
