package io.jetway.e2e;

import io.jetway.whoami.WhoamiServer;
import org.eclipse.jetty.client.ContentResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.Predicate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The Kubernetes provider against fabric8's API server mock, driven by the real kubectl: routes
 * follow apply, change and delete; status conditions come back; a broken route is reported while
 * the others serve; an API server that is down at start or drops its watches is survived.
 */
class KubernetesProviderTest {

    private static final Duration LIMIT = Duration.ofSeconds(15);
    private static final String NAME_HEADER = "X-Whoami-Name";

    @TempDir
    Path dir;
    private KubeApiMock api;
    private Path kubeconfig;
    private WhoamiServer alpha;
    private WhoamiServer beta;
    private JetwayHarness jetway;

    @BeforeEach
    void backends() throws Exception {
        api = KubeApiMock.onFreePort();
        kubeconfig = api.writeKubeconfig(dir);
        alpha = WhoamiServer.start("127.0.0.1", 0, "alpha");
        beta = WhoamiServer.start("127.0.0.1", 0, "beta");
    }

    @AfterEach
    void stop() throws Exception {
        System.clearProperty("kubeconfig");
        if (jetway != null) {
            jetway.close();
        }
        api.close();
        alpha.close();
        beta.close();
    }

    /** Jetway with both providers: the file provider (one route) and the cluster through the kubeconfig. */
    private JetwayHarness startJetway() throws Exception {
        Path manifests = Files.createDirectories(dir.resolve("manifests"));
        Files.writeString(manifests.resolve("file.yaml"), Manifests.serviceWithEndpointSlice("fromfile", beta.port()) + "---\n" + """
                apiVersion: traefik.io/v1alpha1
                kind: IngressRoute
                metadata: {name: fromfile, namespace: default}
                spec:
                  routes:
                  - match: Host(`file.local`)
                    kind: Rule
                    services: [{name: fromfile, port: 80}]
                """);
        // fabric8 reads the kubeconfig named by this property (or KUBECONFIG), as kubectl does.
        System.setProperty("kubeconfig", kubeconfig.toString());
        jetway = JetwayHarness.start(manifests, "--providers.kubernetescrd", "--ping.entrypoint=web");
        return jetway;
    }

    private void installCrds() throws Exception {
        // As the README installs them: the kustomization of config/crds, through the real kubectl.
        kubectl("apply", "--validate=false", "-k", Path.of("config/crds").toAbsolutePath().toString());
        // Seed 001's route uses the older group: Jetway reads it when that API exists.
        apply("old-group-crd", """
                apiVersion: apiextensions.k8s.io/v1
                kind: CustomResourceDefinition
                metadata: {name: ingressroutes.traefik.containo.us}
                spec:
                  group: traefik.containo.us
                  scope: Namespaced
                  names: {kind: IngressRoute, plural: ingressroutes, singular: ingressroute, listKind: IngressRouteList}
                  versions:
                  - name: v1alpha1
                    served: true
                    storage: true
                    subresources: {status: {}}
                    schema: {openAPIV3Schema: {type: object, x-kubernetes-preserve-unknown-fields: true}}
                """);
    }

    /** Seed 001's IngressRoute (group traefik.containo.us) and seed 000's ip-allowlist Middleware. */
    private static final String SEED_ROUTES = """
            apiVersion: traefik.containo.us/v1alpha1
            kind: IngressRoute
            metadata:
              name: myingressroute
              namespace: default
            spec:
              entryPoints:
                - web
              routes:
              - match: Host(`foo`) && PathPrefix(`/bar`)
                kind: Rule
                services:
                - name: whoami
                  port: 80
            ---
            """ + Manifests.SEED_000_IP_ALLOWLIST + """
            apiVersion: traefik.io/v1alpha1
            kind: IngressRoute
            metadata:
              name: guarded
              namespace: default
            spec:
              routes:
              - match: Host(`guarded.local`)
                kind: Rule
                middlewares: [{name: ip-allowlist}]
                services: [{name: whoami, port: 80}]
            """;

    @Test
    void routesFollowKubectlApplyChangeAndDeleteAndStatusComesBack() throws Exception {
        api.start();
        installCrds();
        startJetway();
        awaitStatus(null, "/ping", 200);
        assertEquals("beta", awaitHeader("file.local", "/", "beta"), "the file provider serves beside Kubernetes");

        apply("whoami", Manifests.serviceWithEndpointSlice("whoami", alpha.port()));
        apply("routes", SEED_ROUTES);
        assertEquals("alpha", awaitHeader("foo", "/bar/x", "alpha"));
        assertEquals("alpha", awaitHeader("guarded.local", "/", "alpha"));

        // A change: the Service's endpoints move to another backend. (kubectl apply of a built-in
        // kind sends a strategic merge patch, which the mock does not take: replace does the same.)
        replace("whoami", Manifests.serviceWithEndpointSlice("whoami", beta.port()));
        assertEquals("beta", awaitHeader("foo", "/bar/x", "beta"));
        // A change of an IngressRoute: the new host routes, the old one no longer does. (The mock's
        // merge patch appends to lists where a real API server replaces them: replace again.)
        replace("routes", SEED_ROUTES.replace("Host(`guarded.local`)", "Host(`guarded2.local`)"));
        assertEquals("beta", awaitHeader("guarded2.local", "/", "beta"));
        awaitStatus("guarded.local", "/", 404);

        // Status: each IngressRoute and Middleware is Ready.
        String routes = awaitOutput(o -> o.contains("status: \"True\"") && o.contains("name: guarded"),
                "get", "ingressroutes.traefik.io", "-o", "yaml");
        assertTrue(routes.contains("type: Ready") && routes.contains("reason: Accepted"), routes);
        assertTrue(awaitOutput(o -> o.contains("status: \"True\""), "get", "middlewares.traefik.io", "ip-allowlist", "-o", "yaml")
                .contains("status: \"True\""));
        assertTrue(awaitOutput(o -> o.contains("status: \"True\""), "get", "ingressroutes.traefik.containo.us", "myingressroute",
                "-o", "yaml").contains("status: \"True\""));

        // A broken IngressRoute is Ready=False with the reason; the others keep serving.
        apply("broken", """
                apiVersion: traefik.io/v1alpha1
                kind: IngressRoute
                metadata: {name: broken, namespace: default}
                spec:
                  routes:
                  - match: Host(`broken.local`)
                    kind: Rule
                    middlewares: [{name: missing}]
                    services: [{name: whoami, port: 80}]
                """);
        String broken = awaitOutput(o -> o.contains("status: \"False\""), "get", "ingressroutes.traefik.io", "broken", "-o", "yaml");
        assertTrue(broken.contains("reason: Invalid") && broken.contains("default-missing@kubernetescrd"), broken);
        assertEquals("beta", awaitHeader("guarded2.local", "/", "beta"));

        // Delete: the route goes, the others stay.
        kubectl("delete", "ingressroute.traefik.containo.us", "myingressroute");
        awaitStatus("foo", "/bar/x", 404);
        assertEquals("beta", awaitHeader("guarded2.local", "/", "beta"));
    }

    /** Issue 16, item 16, then issue 19: a layer-4 object gets a status from its translation's problems and its build's errors. */
    @Test
    void layerFourObjectsGetAStatusFromTheirTranslationAndBuild() throws Exception {
        api.start();
        installCrds();
        startJetway();
        awaitStatus(null, "/ping", 200);
        apply("tcp", """
                apiVersion: traefik.io/v1alpha1
                kind: IngressRouteTCP
                metadata: {name: postgres, namespace: default}
                spec:
                  entryPoints: [web]
                  routes:
                  - match: HostSNI(`*`)
                    services: [{name: db, port: 5432}]
                ---
                apiVersion: traefik.io/v1alpha1
                kind: MiddlewareTCP
                metadata: {name: limit, namespace: default}
                spec: {inFlightConn: {amount: 10}}
                """);
        String route = awaitOutput(o -> o.contains("status: \"False\""), "get", "ingressroutetcps.traefik.io", "postgres", "-o", "yaml");
        // kubectl folds long strings: compare with the line breaks taken out.
        assertTrue(route.contains("type: Ready") && route.replaceAll("\\s+", " ").contains(
                "kubernetes service default/db not found"), route);
        String middleware = awaitOutput(o -> o.contains("status: \"True\""), "get", "middlewaretcps.traefik.io", "limit", "-o", "yaml");
        assertTrue(middleware.contains("Accepted by Jetway"), middleware);

        // Errors only the build finds (the translator knows neither rules nor entry points).
        apply("pg", Manifests.serviceWithEndpointSlice("pg", alpha.port()));
        apply("built", """
                apiVersion: traefik.io/v1alpha1
                kind: IngressRouteTCP
                metadata: {name: sni-plain, namespace: default}
                spec:
                  entryPoints: [web]
                  routes:
                  - match: HostSNI(`db.example`)
                    services: [{name: pg, port: 80}]
                ---
                apiVersion: traefik.io/v1alpha1
                kind: IngressRouteUDP
                metadata: {name: dns, namespace: default}
                spec:
                  entryPoints: [web]
                  routes:
                  - services: [{name: pg, port: 80}]
                ---
                apiVersion: traefik.io/v1alpha1
                kind: IngressRouteTCP
                metadata: {name: limited, namespace: default}
                spec:
                  entryPoints: [web]
                  routes:
                  - match: ClientIP(`10.0.0.1`)
                    middlewares: [{name: limit}]
                    services: [{name: pg, port: 80}]
                """);
        String sni = awaitOutput(o -> o.contains("status: \"False\""), "get", "ingressroutetcps.traefik.io", "sni-plain", "-o", "yaml");
        assertTrue(sni.contains("reason: Invalid") && sni.contains("HostSNI"), sni);
        String udp = awaitOutput(o -> o.contains("status: \"False\""), "get", "ingressrouteudps.traefik.io", "dns", "-o", "yaml");
        assertTrue(udp.replaceAll("\\s+", " ").contains("not of the router's protocol"), udp);
        String limited = awaitOutput(o -> o.contains("status: \"True\""), "get", "ingressroutetcps.traefik.io", "limited", "-o", "yaml");
        assertTrue(limited.contains("reason: Accepted"), limited);
        assertEquals("beta", awaitHeader("file.local", "/", "beta"), "the HTTP routes serve on");
    }

    @Test
    void survivesAnApiServerThatIsDownAtStartAndDropsItsWatches() throws Exception {
        startJetway();
        // No API server yet: not ready, and the Kubernetes routes are not there.
        assertEquals(503, jetway.get(null, "/ping").getStatus());

        api.start();
        installCrds();
        apply("whoami", Manifests.serviceWithEndpointSlice("whoami", alpha.port()));
        apply("routes", SEED_ROUTES);
        awaitStatus(null, "/ping", 200);
        assertEquals("alpha", awaitHeader("foo", "/bar/x", "alpha"));

        // The API server goes away: watches break, routes keep serving.
        api.stop();
        assertEquals("alpha", jetway.get("foo", "/bar/x").getHeaders().get(NAME_HEADER));
        api.start();
        // The informers re-list and watch again: a change made after the outage is routed.
        replace("whoami", Manifests.serviceWithEndpointSlice("whoami", beta.port()));
        assertEquals("beta", awaitHeader("foo", "/bar/x", "beta"));
        assertEquals(200, jetway.get(null, "/ping").getStatus());
    }

    @Test
    void crdsInstalledAfterJetwayConnectedAreWatchedOnceTheyExist() throws Exception {
        api.start();
        apply("whoami", Manifests.serviceWithEndpointSlice("whoami", alpha.port()));
        startJetway();
        // Synced with the kinds the API server serves: no Traefik CRD yet.
        awaitStatus(null, "/ping", 200);

        installCrds();
        apply("routes", SEED_ROUTES);
        assertEquals("alpha", awaitHeader("foo", "/bar/x", "alpha"));
        assertTrue(awaitOutput(o -> o.contains("status: \"True\""), "get", "ingressroutes.traefik.io", "-o", "yaml")
                .contains("reason: Accepted"), "the new kind's objects get their status too");
    }

    private String kubectl(String... args) throws Exception {
        return KubeApiMock.kubectl(kubeconfig, args);
    }

    private void apply(String name, String yaml) throws Exception {
        Path file = dir.resolve(name + ".yaml");
        Files.writeString(file, yaml);
        kubectl("apply", "--validate=false", "-f", file.toString());
    }

    private void replace(String name, String yaml) throws Exception {
        Path file = dir.resolve(name + ".yaml");
        Files.writeString(file, yaml);
        kubectl("replace", "--validate=false", "-f", file.toString());
    }

    private String awaitHeader(String host, String path, String expected) throws Exception {
        ContentResponse r = jetway.awaitResponse(host, path, resp -> expected.equals(resp.getHeaders().get(NAME_HEADER)), LIMIT);
        return r.getHeaders().get(NAME_HEADER);
    }

    @Test
    void ingressesFromTheClusterRouteAndGetTheirLoadBalancerStatus() throws Exception {
        api.start();
        // Only the Ingress provider, with its own endpoint: the file provider's directory is empty.
        jetway = JetwayHarness.start(Files.createDirectories(dir.resolve("empty")), "--providers.kubernetesingress=true",
                "--providers.kubernetesingress.endpoint=" + api.url(),
                "--providers.kubernetesingress.ingressendpoint.ip=10.0.0.7", "--ping.entrypoint=web");
        awaitStatus(null, "/ping", 200);
        apply("whoami", Manifests.serviceWithEndpointSlice("whoami", alpha.port()));
        // Seed 004's IngressClass and an Ingress of that class.
        apply("ingress", """
                apiVersion: networking.k8s.io/v1
                kind: IngressClass
                metadata:
                  name: traefik-lb
                spec:
                  controller: traefik.io/ingress-controller
                ---
                apiVersion: networking.k8s.io/v1
                kind: Ingress
                metadata:
                  name: myingress
                  namespace: default
                spec:
                  ingressClassName: traefik-lb
                  rules:
                    - host: example.com
                      http:
                        paths:
                          - path: /bar
                            pathType: Exact
                            backend:
                              service:
                                name: whoami
                                port:
                                  number: 80
                """);
        assertEquals("alpha", awaitHeader("example.com", "/bar", "alpha"));
        awaitStatus("example.com", "/bar/more", 404);
        String ingress = awaitOutput(o -> o.contains("10.0.0.7"), "get", "ingress", "myingress", "-o", "yaml");
        assertTrue(ingress.contains("ip: 10.0.0.7"), ingress);

        kubectl("delete", "ingress", "myingress");
        awaitStatus("example.com", "/bar", 404);
    }

    private void awaitStatus(String host, String path, int expected) throws Exception {
        ContentResponse r = jetway.awaitResponse(host, path, resp -> resp.getStatus() == expected, LIMIT);
        assertEquals(expected, r.getStatus(), host + path);
    }

    private String awaitOutput(Predicate<String> condition, String... args) throws Exception {
        long deadline = System.nanoTime() + LIMIT.toNanos();
        String out;
        do {
            out = kubectl(args);
            if (condition.test(out)) {
                return out;
            }
            Thread.sleep(200);
        } while (System.nanoTime() < deadline);
        return out;
    }
}
