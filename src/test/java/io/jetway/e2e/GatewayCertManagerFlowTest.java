package io.jetway.e2e;

import io.jetway.util.TestCertificates;
import org.eclipse.jetty.client.ContentResponse;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Seed 000's cert-manager flow, step by step as cert-manager performs it with its
 * {@code gatewayHTTPRoute} HTTP-01 solver: the listener names a Secret that does not exist yet;
 * the solver's HTTPRoute and Service answer the ACME server's challenge through the Gateway;
 * cert-manager then removes them and writes the Secret, which the listener serves at once.
 */
class GatewayCertManagerFlowTest {

    private static final String HOST = "whoami.docker.localhost";
    private static final String TOKEN = "Zu7VxCMP3wV-0kSvBKdwr1zJ-8Tw2lmHyPiCfVXt5cs";

    @TempDir
    Path dir;

    @Test
    void theSolverRouteAnswersTheChallengeAndTheIssuedSecretIsServed() throws Exception {
        int web = GatewayHttpRouteEndToEndTest.freePort();
        int websecure = GatewayHttpRouteEndToEndTest.freePort();
        String keyAuthorization = TOKEN + ".thumbprint";
        Handler.Abstract solverHandler = new Handler.Abstract() {
            @Override
            public boolean handle(Request request, Response response, Callback callback) {
                boolean ours = Request.getPathInContext(request).equals("/.well-known/acme-challenge/" + TOKEN);
                response.setStatus(ours ? 200 : 404);
                response.write(true, ByteBuffer.wrap((ours ? keyAuthorization : "no").getBytes(StandardCharsets.UTF_8)), callback);
                return true;
            }
        };
        try (Backend whoami = Backend.start(); Backend solver = Backend.answeredBy(solverHandler);
             JetwayHarness jetway = JetwayHarness.start(Files.createDirectories(dir.resolve("m")),
                     "--entrypoints.gweb.address=127.0.0.1:" + web, "--entrypoints.gsecure.address=127.0.0.1:" + websecure,
                     "--providers.kubernetesgateway")) {
            String base = """
                    apiVersion: gateway.networking.k8s.io/v1
                    kind: GatewayClass
                    metadata: {name: traefik}
                    spec: {controllerName: traefik.io/gateway-controller}
                    ---
                    apiVersion: gateway.networking.k8s.io/v1
                    kind: Gateway
                    metadata: {name: traefik, namespace: default}
                    spec:
                      gatewayClassName: traefik
                      listeners:
                        - {name: web, port: %d, protocol: HTTP, allowedRoutes: {namespaces: {from: All}}}
                        - name: websecure
                          port: %d
                          protocol: HTTPS
                          allowedRoutes: {namespaces: {from: All}}
                          tls: {certificateRefs: [{name: whoami-tls-le}]}
                    ---
                    apiVersion: gateway.networking.k8s.io/v1
                    kind: HTTPRoute
                    metadata: {name: whoami, namespace: default}
                    spec:
                      parentRefs: [{name: traefik, sectionName: websecure}]
                      hostnames: [%s]
                      rules: [{backendRefs: [{name: whoami, port: 80}]}]
                    ---
                    """.formatted(web, websecure, HOST) + Manifests.serviceWithEndpointSlice("whoami", whoami.port()) + "---\n";
            jetway.write("app.yaml", base);

            // 1. cert-manager's solver: an HTTPRoute on the Gateway for the token, and a Service to the solver pod.
            jetway.write("solver.yaml", """
                    apiVersion: gateway.networking.k8s.io/v1
                    kind: HTTPRoute
                    metadata:
                      name: cm-acme-http-solver-abcde
                      namespace: default
                      labels: {acme.cert-manager.io/http01-solver: "true"}
                    spec:
                      parentRefs: [{name: traefik, namespace: default, kind: Gateway}]
                      hostnames: [%s]
                      rules:
                        - matches: [{path: {type: Exact, value: /.well-known/acme-challenge/%s}}]
                          backendRefs: [{name: cm-acme-http-solver-abcde, port: 8089}]
                    ---
                    """.formatted(HOST, TOKEN) + Manifests.serviceWithEndpointSlice("cm-acme-http-solver-abcde", 8089, solver.port()));

            // 2. The ACME server fetches the challenge over plain HTTP through the Gateway.
            ContentResponse challenge = await(jetway, web, "/.well-known/acme-challenge/" + TOKEN, 200);
            assertEquals(keyAuthorization, challenge.getContentAsString());
            assertEquals(404, jetway.getOn(web, HOST, "/.well-known/acme-challenge/other").getStatus(),
                    "only the token's path is the solver's");

            // Before the Secret exists the HTTPS listener is not programmed: the default certificate answers.
            String before = servedSubject(websecure);
            assertTrue(!before.contains("CN=" + HOST), before);

            // 3. cert-manager removes the solver and writes the issued certificate into the Secret.
            TestCertificates.Issued issued = TestCertificates.issue(TestCertificates.ca("Fake LE"), HOST, false, HOST);
            Files.delete(dir.resolve("m").resolve("solver.yaml"));
            jetway.write("secret.yaml", """
                    apiVersion: v1
                    kind: Secret
                    metadata: {name: whoami-tls-le, namespace: default}
                    type: kubernetes.io/tls
                    data: {tls.crt: %s, tls.key: %s}
                    """.formatted(TestCertificates.base64(issued.certificatePem()), TestCertificates.base64(issued.privateKeyPem())));

            // 4. The listener serves the new certificate at once, and the route answers over HTTPS.
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            String subject = servedSubject(websecure);
            while (!subject.contains("CN=" + HOST) && System.nanoTime() < deadline) {
                Thread.sleep(50);
                subject = servedSubject(websecure);
            }
            assertTrue(subject.contains("CN=" + HOST), subject);
            assertEquals(404, await(jetway, web, "/.well-known/acme-challenge/" + TOKEN, 404).getStatus(),
                    "the solver's route is gone with its HTTPRoute");
        }
    }

    private static ContentResponse await(JetwayHarness jetway, int port, String path, int status) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        ContentResponse last;
        do {
            last = jetway.getOn(port, HOST, path);
            if (last.getStatus() == status) {
                return last;
            }
            Thread.sleep(25);
        } while (System.nanoTime() < deadline);
        return last;
    }

    /** The subject of the certificate served for the host's SNI (any certificate accepted: we only look). */
    private static String servedSubject(int port) throws Exception {
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, new TrustManager[]{new X509TrustManager() {
            public void checkClientTrusted(X509Certificate[] chain, String authType) {
            }

            public void checkServerTrusted(X509Certificate[] chain, String authType) {
            }

            public X509Certificate[] getAcceptedIssuers() {
                return new X509Certificate[0];
            }
        }}, null);
        try (SSLSocket s = (SSLSocket) context.getSocketFactory().createSocket(InetAddress.getLoopbackAddress(), port)) {
            s.setSoTimeout(5_000);
            SSLParameters parameters = s.getSSLParameters();
            parameters.setServerNames(List.of(new SNIHostName(HOST)));
            s.setSSLParameters(parameters);
            s.startHandshake();
            return ((X509Certificate) s.getSession().getPeerCertificates()[0]).getSubjectX500Principal().getName();
        } catch (java.io.IOException e) {
            return "failed: " + e.getMessage();
        }
    }
}
