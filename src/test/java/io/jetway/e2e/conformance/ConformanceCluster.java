package io.jetway.e2e.conformance;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jetway.bootstrap.EmbeddedServer;
import io.jetway.config.StaticConfigParser;
import io.jetway.e2e.ForwardingUnderTest;
import io.jetway.e2e.KubeApiMock;
import io.jetway.e2e.Manifests;
import io.jetway.e2e.TlsEngineUnderTest;
import io.jetway.server.proxy.ProxyOptions;
import io.jetway.util.TestCertificates;
import io.jetway.whoami.WhoamiServer;
import org.eclipse.jetty.client.ContentResponse;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.client.Request;
import org.eclipse.jetty.http.HttpCookieStore;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.fail;

/**
 * The conformance suite's world in one JVM: fabric8's API server mock (driven by the real kubectl)
 * holding the suite's base objects (namespaces, the GatewayClass, the Gateways {@code same-namespace},
 * {@code all-namespaces}, {@code backend-namespaces}, {@code same-namespace-with-https-listener},
 * the backend Services with EndpointSlices), one whoami server per backend Deployment of the suite
 * (its {@code X-Whoami-Name} tells which one answered), and one Jetway reading the mock with
 * {@code --providers.kubernetesgateway}.
 *
 * <p>Listener ports: manifests are written with the suite's ports (80, 443, 8080, 8090, 8443, 8883);
 * {@link #apply} rewrites them in Gateway documents to the free port of the entry point standing for
 * them (Traefik's conformance set-up has one entry point per such port), so a test reads like the
 * upstream manifest.
 */
final class ConformanceCluster implements AutoCloseable {

    static final String INFRA = "gateway-conformance-infra";
    static final String APP = "gateway-conformance-app-backend";
    static final String WEB = "gateway-conformance-web-backend";
    static final String NAME_HEADER = "X-Whoami-Name";
    static final Duration LIMIT = Duration.ofSeconds(30);
    /** Like the suite's RequiredConsecutiveSuccesses: an answer counts once it is stable. */
    static final int CONSECUTIVE = 3;

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern DOCUMENTS = Pattern.compile("(?m)^---[ \\t]*\n");
    private static final Pattern PORT = Pattern.compile("(\\bport: )(\\d+)\\b");
    private static final String[][] BACKENDS = {{INFRA, "infra-backend-v1"}, {INFRA, "infra-backend-v2"},
            {INFRA, "infra-backend-v3"}, {APP, "app-backend-v1"}, {APP, "app-backend-v2"}, {WEB, "web-backend"}};

    private final Path dir;
    private final KubeApiMock api;
    private final Path kubeconfig;
    private final Map<Integer, Integer> listenerPorts = new LinkedHashMap<>();
    private final List<WhoamiServer> backends = new ArrayList<>();
    private final List<Path> applied = new ArrayList<>();
    private final HttpClient client = new HttpClient();
    private EmbeddedServer jetway;
    private int files;
    TestCertificates.Issued ca;

    private ConformanceCluster(Path dir) throws Exception {
        this.dir = dir;
        this.api = KubeApiMock.onFreePort().start();
        this.kubeconfig = api.writeKubeconfig(dir);
    }

    static ConformanceCluster start(Path dir) throws Exception {
        ConformanceCluster cluster = new ConformanceCluster(dir);
        try {
            cluster.boot();
            return cluster;
        } catch (Exception | AssertionError failed) {
            cluster.close();
            throw failed;
        }
    }

    private void boot() throws Exception {
        for (int port : new int[]{80, 443, 8080, 8090, 8443, 8883}) {
            listenerPorts.put(port, freePort());
        }
        client.setFollowRedirects(false);
        client.setUserAgentField(null);
        client.setHttpCookieStore(new HttpCookieStore.Empty());
        client.start();
        applyBase(Manifests.gatewayApiCrds());
        StringBuilder base = new StringBuilder(BASE);
        for (String[] backend : BACKENDS) {
            WhoamiServer server = WhoamiServer.start("127.0.0.1", 0, backend[1]);
            backends.add(server);
            base.append(service(backend[0], backend[1], server.port()));
        }
        ca = TestCertificates.ca("conformance CA");
        // The suite's certificate is for *, *.org and *.wildcard.org (HTTPRouteHTTPSListener asks for example.org).
        TestCertificates.Issued cert = TestCertificates.issue(ca, "tls-validity.example.com", false,
                "tls-validity.example.com", "*.org", "*.wildcard.org", "second-example.org", "fourth-example.wildcard.org");
        base.append(tlsSecret(INFRA, "tls-validity-checks-certificate", cert));
        // The suite's setup also writes a Secret "certificate" in the web backend namespace.
        base.append(tlsSecret(WEB, "certificate", TestCertificates.issue(ca, "certificate.example.com", false, "certificate.example.com")));
        applyBase(base.toString());
        List<String> args = new ArrayList<>(List.of("--providers.kubernetesgateway",
                "--providers.kubernetesgateway.endpoint=" + api.url(),
                "--providers.kubernetesgateway.experimentalchannel=true",
                "--entrypoints.web.address=127.0.0.1:" + listenerPorts.get(80),
                "--entrypoints.websecure.address=127.0.0.1:" + listenerPorts.get(443),
                "--entrypoints.web8080.address=127.0.0.1:" + listenerPorts.get(8080),
                // Traefik's conformance set-up has web8090 too, for HTTPRouteListenerPortMatching.
                "--entrypoints.web8090.address=127.0.0.1:" + listenerPorts.get(8090),
                "--entrypoints.tls8443.address=127.0.0.1:" + listenerPorts.get(8443),
                "--entrypoints.tls8883.address=127.0.0.1:" + listenerPorts.get(8883),
                TlsEngineUnderTest.flag(), ForwardingUnderTest.flag()));
        var config = StaticConfigParser.parse(args.toArray(String[]::new));
        jetway = EmbeddedServer.start(config, ProxyOptions.from(config.serversTransport()));
        awaitJson("gateway", INFRA, "same-namespace", g -> "True".equals(condition(g.path("status"), "Programmed").path("status").asText()),
                "the base Gateway same-namespace Programmed");
    }

    /** The Jetway port standing for a listener port of the suite (80, 443, 8080, 8090, 8443, 8883). */
    int port(int listenerPort) {
        Integer port = listenerPorts.get(listenerPort);
        if (port == null) {
            throw new IllegalArgumentException("no entry point for listener port " + listenerPort);
        }
        return port;
    }

    /** The CA that signed the base certificate Secret (and those a test issues with it). */
    TestCertificates.Issued ca() {
        return ca;
    }

    // ---- objects ----

    /** kubectl apply, listener ports rewritten; {@link #cleanUp()} deletes what was applied. */
    void apply(String yaml) throws Exception {
        Path file = write(mapListenerPorts(yaml));
        applied.add(file);
        kubectl("apply", "--validate=false", "-f", file.toString());
    }

    private void applyBase(String yaml) throws Exception {
        kubectl("apply", "--validate=false", "-f", write(mapListenerPorts(yaml)).toString());
    }

    /** Deletes what the test applied, newest first. */
    void cleanUp() throws Exception {
        for (int i = applied.size() - 1; i >= 0; i--) {
            kubectl("delete", "--ignore-not-found", "--wait=false", "-f", applied.get(i).toString());
        }
        applied.clear();
    }

    private Path write(String yaml) throws Exception {
        Path file = dir.resolve("manifest-" + (++files) + ".yaml");
        Files.writeString(file, yaml);
        return file;
    }

    String mapListenerPorts(String yaml) {
        for (Map.Entry<Integer, Integer> port : listenerPorts.entrySet()) {
            // A route's parentRef port names the listener's: {PORT_80} in any document.
            yaml = yaml.replace("{PORT_" + port.getKey() + "}", String.valueOf(port.getValue()));
        }
        StringBuilder out = new StringBuilder();
        for (String document : DOCUMENTS.split(yaml)) {
            if (document.isBlank()) {
                continue;
            }
            if (Pattern.compile("(?m)^kind: Gateway\\s*$").matcher(document).find()) {
                Matcher m = PORT.matcher(document);
                StringBuilder mapped = new StringBuilder();
                while (m.find()) {
                    Integer port = listenerPorts.get(Integer.parseInt(m.group(2)));
                    m.appendReplacement(mapped, Matcher.quoteReplacement(m.group(1) + (port == null ? m.group(2) : port)));
                }
                m.appendTail(mapped);
                document = mapped.toString();
            }
            out.append(document.endsWith("\n") ? document : document + "\n").append("---\n");
        }
        return out.toString();
    }

    String kubectl(String... args) throws Exception {
        return KubeApiMock.kubectl(kubeconfig, args);
    }

    JsonNode get(String kind, String namespace, String name) throws Exception {
        List<String> args = new ArrayList<>(List.of("get", kind, name, "-o", "json"));
        if (namespace != null) {
            args.addAll(List.of("-n", namespace));
        }
        return JSON.readTree(kubectl(args.toArray(String[]::new)));
    }

    /** Polls the object until the condition holds; fails with the object as last seen. */
    JsonNode awaitJson(String kind, String namespace, String name, Predicate<JsonNode> condition, String what) throws Exception {
        long deadline = System.nanoTime() + LIMIT.toNanos();
        JsonNode last = null;
        do {
            try {
                last = get(kind, namespace, name);
                if (condition.test(last)) {
                    return last;
                }
            } catch (IllegalStateException notYet) {
                last = null;
            }
            Thread.sleep(200);
        } while (System.nanoTime() < deadline);
        fail(what + ": " + kind + " " + namespace + "/" + name + " status was " + (last == null ? "absent" : last.path("status").toPrettyString()));
        return last;
    }

    /** The condition of that type in {@code holder.conditions}, or a missing node. */
    static JsonNode condition(JsonNode holder, String type) {
        for (JsonNode c : holder.path("conditions")) {
            if (type.equals(c.path("type").asText())) {
                return c;
            }
        }
        return com.fasterxml.jackson.databind.node.MissingNode.getInstance();
    }

    static boolean has(JsonNode holder, String type, String status, String reason) {
        JsonNode c = condition(holder, type);
        return status.equals(c.path("status").asText()) && (reason == null || reason.equals(c.path("reason").asText()));
    }

    /** The route's {@code status.parents[]} entry for that Gateway (missing when absent). */
    static JsonNode parent(JsonNode route, String gatewayNamespace, String gateway) {
        for (JsonNode p : route.path("status").path("parents")) {
            JsonNode ref = p.path("parentRef");
            String ns = ref.path("namespace").asText(route.path("metadata").path("namespace").asText());
            if (gateway.equals(ref.path("name").asText()) && gatewayNamespace.equals(ns)) {
                return p;
            }
        }
        return com.fasterxml.jackson.databind.node.MissingNode.getInstance();
    }

    /** The Gateway's listener status by name (missing when absent). */
    static JsonNode listener(JsonNode gateway, String name) {
        for (JsonNode l : gateway.path("status").path("listeners")) {
            if (name.equals(l.path("name").asText())) {
                return l;
            }
        }
        return com.fasterxml.jackson.databind.node.MissingNode.getInstance();
    }

    /**
     * The suite's GatewayStatusMustHaveListeners for one listener: these supported kinds among the
     * listener's (none at all when the list is empty; group gateway.networking.k8s.io), the
     * condition given among its conditions, and that many attached routes.
     */
    JsonNode awaitListener(String namespace, String gateway, String name, List<String> kinds, String type, String status,
                           String reason, int attachedRoutes) throws Exception {
        return awaitJson("gateway", namespace, gateway, g -> {
            JsonNode l = listener(g, name);
            List<String> got = new ArrayList<>();
            l.path("supportedKinds").forEach(k -> got.add(k.path("group").asText("gateway.networking.k8s.io") + "/" + k.path("kind").asText()));
            List<String> want = kinds.stream().map(k -> "gateway.networking.k8s.io/" + k).toList();
            return !l.isMissingNode() && (want.isEmpty() ? got.isEmpty() : got.containsAll(want)) && has(l, type, status, reason)
                    && l.path("attachedRoutes").asInt(-1) == attachedRoutes;
        }, "listener " + name + " with kinds " + kinds + ", " + type + "=" + status + "/" + reason + ", attachedRoutes " + attachedRoutes);
    }

    /** The suite's GatewayAndRoutesMustBeAccepted: Gateway Programmed, each route Accepted by it. */
    void gatewayAndRoutesAccepted(String kind, String gatewayNamespace, String gateway, String routeNamespace, String... routes)
            throws Exception {
        awaitJson("gateway", gatewayNamespace, gateway, g -> has(g.path("status"), "Programmed", "True", null)
                && has(g.path("status"), "Accepted", "True", null), "Gateway Accepted and Programmed");
        for (String route : routes) {
            awaitJson(kind, routeNamespace, route, r -> has(parent(r, gatewayNamespace, gateway), "Accepted", "True", null)
                    && "traefik.io/gateway-controller".equals(parent(r, gatewayNamespace, gateway).path("controllerName").asText()),
                    "route Accepted by " + gateway);
        }
    }

    /** A route's parent entry for the Gateway has this condition. */
    JsonNode routeCondition(String kind, String routeNamespace, String route, String gatewayNamespace, String gateway,
                            String type, String status, String reason) throws Exception {
        return awaitJson(kind, routeNamespace, route, r -> has(parent(r, gatewayNamespace, gateway), type, status, reason),
                "parent " + gateway + " condition " + type + "=" + status + "/" + reason);
    }

    void resolvedRefsTrue(String routeNamespace, String route, String gatewayNamespace, String gateway) throws Exception {
        routeCondition("httproute", routeNamespace, route, gatewayNamespace, gateway, "ResolvedRefs", "True", "ResolvedRefs");
    }

    // ---- requests ----

    /** One HTTP request as the suite describes it. */
    record Call(String method, String host, String path, Map<String, String> headers) {
        static Call get(String path) {
            return new Call("GET", null, path, Map.of());
        }

        static Call get(String host, String path) {
            return new Call("GET", host, path, Map.of());
        }

        Call header(String name, String value) {
            Map<String, String> more = new LinkedHashMap<>(headers);
            more.put(name, value);
            return new Call(method, host, path, more);
        }

        @Override
        public String toString() {
            return method + " " + (host == null ? "" : "//" + host) + path + (headers.isEmpty() ? "" : " " + headers);
        }
    }

    ContentResponse send(int listenerPort, Call call) throws Exception {
        Request r = client.newRequest("http://127.0.0.1:" + port(listenerPort) + call.path()).method(call.method())
                .timeout(10, TimeUnit.SECONDS);
        r.headers(h -> {
            if (call.host() != null) {
                h.put("Host", call.host());
            }
            call.headers().forEach(h::put);
        });
        return r.send();
    }

    /** What a response must show: a status and, for 200s, the backend that answered. */
    interface Expectation extends Predicate<ContentResponse> {
    }

    static Expectation backend(String name) {
        return r -> r.getStatus() == 200 && name.equals(r.getHeaders().get(NAME_HEADER));
    }

    static Expectation status(int code) {
        return r -> r.getStatus() == code;
    }

    /** The suite's MakeRequestAndExpectEventuallyConsistentResponse on listener port 80. */
    ContentResponse expect(Call call, Expectation expectation) throws Exception {
        return expect(80, call, expectation, call + " -> expected");
    }

    ContentResponse expectBackend(Call call, String backend) throws Exception {
        return expect(80, call, backend(backend), call + " -> 200 from " + backend);
    }

    ContentResponse expectStatus(Call call, int status) throws Exception {
        return expect(80, call, status(status), call + " -> " + status);
    }

    ContentResponse expect(int listenerPort, Call call, Predicate<ContentResponse> expectation, String what) throws Exception {
        long deadline = System.nanoTime() + LIMIT.toNanos();
        int streak = 0;
        ContentResponse last = null;
        Exception error = null;
        do {
            try {
                last = send(listenerPort, call);
                error = null;
                streak = expectation.test(last) ? streak + 1 : 0;
                if (streak >= CONSECUTIVE) {
                    return last;
                }
            } catch (Exception failed) {
                error = failed;
                streak = 0;
            }
            Thread.sleep(streak > 0 ? 10 : 100);
        } while (System.nanoTime() < deadline);
        fail(what + "; got " + (error != null ? error : last.getStatus() + " from " + last.getHeaders().get(NAME_HEADER)
                + " " + last.getContentAsString().lines().limit(12).toList()));
        return last;
    }

    // ---- base objects ----

    static String service(String namespace, String name, int port) {
        boolean multiPort = name.equals("infra-backend-v1");
        String servicePorts = multiPort
                ? "[{name: first-port, protocol: TCP, port: 8080, targetPort: 3000}, {name: second-port, protocol: TCP, port: 8081, targetPort: 3001}, {name: third-port, protocol: TCP, port: 8082, targetPort: 3002}]"
                : "[{protocol: TCP, port: 8080, targetPort: 3000}]";
        String slicePorts = multiPort
                ? "[{name: first-port, port: %1$d, protocol: TCP}, {name: second-port, port: %1$d, protocol: TCP}, {name: third-port, port: %1$d, protocol: TCP}]".formatted(port)
                : "[{name: \"\", port: %d, protocol: TCP}]".formatted(port);
        return serviceWithSlice(namespace, name, servicePorts, slicePorts);
    }

    /** A Service with these ports (YAML flow lists) and its EndpointSlice on 127.0.0.1 with these. */
    static String serviceWithSlice(String namespace, String name, String servicePorts, String slicePorts) {
        return """
                apiVersion: v1
                kind: Service
                metadata: {name: %2$s, namespace: %1$s}
                spec:
                  selector: {app: %2$s}
                  ports: %3$s
                ---
                apiVersion: discovery.k8s.io/v1
                kind: EndpointSlice
                metadata:
                  name: %2$s-x1
                  namespace: %1$s
                  labels: {kubernetes.io/service-name: %2$s}
                addressType: IPv4
                endpoints: [{addresses: [127.0.0.1], conditions: {ready: true}}]
                ports: %4$s
                ---
                """.formatted(namespace, name, servicePorts, slicePorts);
    }

    static String tlsSecret(String namespace, String name, TestCertificates.Issued cert) {
        return """
                apiVersion: v1
                kind: Secret
                metadata: {name: %s, namespace: %s}
                type: kubernetes.io/tls
                data:
                  tls.crt: %s
                  tls.key: %s
                ---
                """.formatted(name, namespace, TestCertificates.base64(cert.certificatePem()),
                TestCertificates.base64(cert.privateKeyPem()));
    }

    /** conformance/base/manifests.yaml: namespaces, the class and the shared Gateways. */
    static final String BASE = """
            apiVersion: v1
            kind: Namespace
            metadata: {name: gateway-conformance-infra, labels: {gateway-conformance: infra}}
            ---
            apiVersion: v1
            kind: Namespace
            metadata: {name: gateway-conformance-app-backend, labels: {gateway-conformance: backend}}
            ---
            apiVersion: v1
            kind: Namespace
            metadata: {name: gateway-conformance-web-backend, labels: {gateway-conformance: backend}}
            ---
            apiVersion: gateway.networking.k8s.io/v1
            kind: GatewayClass
            metadata: {name: jetway}
            spec: {controllerName: traefik.io/gateway-controller}
            ---
            apiVersion: gateway.networking.k8s.io/v1
            kind: Gateway
            metadata: {name: same-namespace, namespace: gateway-conformance-infra}
            spec:
              gatewayClassName: jetway
              listeners:
              - name: http
                port: 80
                protocol: HTTP
                allowedRoutes: {namespaces: {from: Same}}
            ---
            apiVersion: gateway.networking.k8s.io/v1
            kind: Gateway
            metadata: {name: same-namespace-with-https-listener, namespace: gateway-conformance-infra}
            spec:
              gatewayClassName: jetway
              listeners:
              - name: https
                port: 443
                protocol: HTTPS
                allowedRoutes: {namespaces: {from: Same}}
                tls: {certificateRefs: [{group: "", kind: Secret, name: tls-validity-checks-certificate, namespace: gateway-conformance-infra}]}
              - name: https-with-hostname
                port: 443
                hostname: second-example.org
                protocol: HTTPS
                allowedRoutes: {namespaces: {from: Same}}
                tls: {certificateRefs: [{group: "", kind: Secret, name: tls-validity-checks-certificate, namespace: gateway-conformance-infra}]}
              - name: https-with-wildcard-hostname
                port: 443
                hostname: "*.wildcard.org"
                protocol: HTTPS
                allowedRoutes: {namespaces: {from: Same}}
                tls: {certificateRefs: [{group: "", kind: Secret, name: tls-validity-checks-certificate, namespace: gateway-conformance-infra}]}
              - name: https-with-hostname-matching-wildcard
                port: 443
                hostname: "fourth-example.wildcard.org"
                protocol: HTTPS
                allowedRoutes: {namespaces: {from: Same}}
                tls: {certificateRefs: [{group: "", kind: Secret, name: tls-validity-checks-certificate, namespace: gateway-conformance-infra}]}
            ---
            apiVersion: gateway.networking.k8s.io/v1
            kind: Gateway
            metadata: {name: all-namespaces, namespace: gateway-conformance-infra}
            spec:
              gatewayClassName: jetway
              listeners:
              - name: http
                port: 80
                protocol: HTTP
                allowedRoutes: {namespaces: {from: All}}
            ---
            apiVersion: gateway.networking.k8s.io/v1
            kind: Gateway
            metadata: {name: backend-namespaces, namespace: gateway-conformance-infra}
            spec:
              gatewayClassName: jetway
              listeners:
              - name: http
                port: 80
                protocol: HTTP
                allowedRoutes:
                  namespaces:
                    from: Selector
                    selector: {matchLabels: {gateway-conformance: backend}}
            ---
            """;


    /**
     * A free port below the kernel's ephemeral range (32768 and up by default), so that nothing bound
     * to port 0 (the backends, the API mock) and no client connection takes it before Jetway binds it.
     */
    static int freePort() throws Exception {
        java.util.concurrent.ThreadLocalRandom random = java.util.concurrent.ThreadLocalRandom.current();
        for (int attempt = 0; attempt < 500; attempt++) {
            int port = random.nextInt(20_000, 32_000);
            if (TAKEN.contains(port)) {
                continue;
            }
            try (ServerSocket s = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
                TAKEN.add(port);
                return port;
            } catch (java.io.IOException inUse) {
                // another one
            }
        }
        throw new IllegalStateException("no free port between 20000 and 32000");
    }

    /** Ports handed out in this JVM: never twice, even once their probe socket is closed. */
    private static final java.util.Set<Integer> TAKEN = java.util.concurrent.ConcurrentHashMap.newKeySet();

    @Override
    public void close() throws Exception {
        try {
            client.stop();
        } finally {
            if (jetway != null) {
                jetway.close();
            }
            for (WhoamiServer backend : backends) {
                backend.close();
            }
            api.close();
        }
    }
}
