package io.jetway.e2e;

import io.jetway.util.TestCertificates.Issued;
import io.jetway.util.TestCertificates;
import org.eclipse.jetty.client.AsyncRequestContent;
import org.eclipse.jetty.client.ContentResponse;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.client.Request;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpVersion;
import org.eclipse.jetty.http2.client.HTTP2Client;
import org.eclipse.jetty.http2.client.transport.HttpClientTransportOverHTTP2;
import org.eclipse.jetty.util.Callback;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/**
 * ServersTransport with real TLS backends signed by a private CA: verification, rootCAs from a
 * Secret or a ConfigMap, serverName, mTLS, peerCertURI, HTTP/2 by ALPN, h2c with gRPC-style
 * trailers both ways, and responseHeaderTimeout.
 */
class ServersTransportEndToEndTest {

    static Path dir;
    static List<AutoCloseable> closeables = new ArrayList<>();
    static JetwayHarness jetway;

    @BeforeAll
    static void start() throws Exception {
        dir = Files.createTempDirectory("jetway-transport");
        Issued ca = TestCertificates.ca("jetway-test-ca");
        Issued byIp = TestCertificates.issue(ca, "backend-a", false, "127.0.0.1", "spiffe://test/backend-a");
        Issued byName = TestCertificates.issue(ca, "backend-b", false, "backend.internal");
        Issued client = TestCertificates.issue(ca, "jetway-client", true);

        Backend a = add(Backend.https(byIp.keyStore(), TestCertificates.PASSWORD, null));
        Backend b = add(Backend.https(byName.keyStore(), TestCertificates.PASSWORD, null));
        Backend mtls = add(Backend.https(byIp.keyStore(), TestCertificates.PASSWORD, ca.trustStore()));
        Backend grpc = add(Backend.h2c());

        StringBuilder yaml = new StringBuilder();
        yaml.append(Manifests.service("a", a.port())).append(Manifests.service("b", b.port()))
                .append(Manifests.service("mtls", mtls.port())).append(Manifests.service("grpc", grpc.port()));
        yaml.append("""
                apiVersion: v1
                kind: Secret
                metadata: {name: ca}
                data:
                  ca.crt: %s
                ---
                apiVersion: v1
                kind: ConfigMap
                metadata: {name: ca}
                data:
                  ca.crt: |
                %s
                ---
                apiVersion: v1
                kind: Secret
                metadata: {name: client}
                type: kubernetes.io/tls
                data:
                  tls.crt: %s
                  tls.key: %s
                ---
                """.formatted(TestCertificates.base64(ca.certificatePem()), ca.certificatePem().indent(4).stripTrailing(),
                TestCertificates.base64(client.certificatePem()), TestCertificates.base64(client.traditionalPrivateKeyPem())));
        transport(yaml, "ca-secret", "rootCAs: [{secret: ca}]");
        transport(yaml, "ca-map", "rootCAs: [{configMap: ca}]");
        transport(yaml, "insecure", "insecureSkipVerify: true");
        transport(yaml, "named", "{rootCAs: [{secret: ca}], serverName: backend.internal}");
        transport(yaml, "client-cert", "{rootCAs: [{secret: ca}], certificatesSecrets: [client]}");
        transport(yaml, "insecure-client-cert", "{insecureSkipVerify: true, certificatesSecrets: [client]}");
        transport(yaml, "uri-ok", "{rootCAs: [{secret: ca}], peerCertURI: 'spiffe://test/backend-a'}");
        transport(yaml, "uri-bad", "{rootCAs: [{secret: ca}], peerCertURI: 'spiffe://test/other'}");
        transport(yaml, "http1", "{rootCAs: [{secret: ca}], disableHTTP2: true}");
        transport(yaml, "impatient", "{rootCAs: [{secret: ca}], forwardingTimeouts: {responseHeaderTimeout: 300ms}}");

        route(yaml, "noca", "a", "https", null);
        route(yaml, "secretca", "a", "https", "ca-secret");
        route(yaml, "mapca", "a", "https", "ca-map");
        route(yaml, "insecure", "a", "https", "insecure");
        route(yaml, "byip", "b", "https", "ca-secret");
        route(yaml, "named", "b", "https", "named");
        route(yaml, "nocert", "mtls", "https", "ca-secret");
        route(yaml, "mtls", "mtls", "https", "client-cert");
        route(yaml, "mtlsinsecure", "mtls", "https", "insecure-client-cert");
        route(yaml, "uriok", "a", "https", "uri-ok");
        route(yaml, "uribad", "a", "https", "uri-bad");
        route(yaml, "http1", "a", "https", "http1");
        route(yaml, "slow", "a", "https", "impatient");
        route(yaml, "grpc", "grpc", "h2c", null);

        Path manifests = Files.createDirectories(dir.resolve("m"));
        Files.writeString(manifests.resolve("transport.yaml"), yaml.toString());
        jetway = add(JetwayHarness.start(manifests));
    }

    static <T extends AutoCloseable> T add(T closeable) {
        closeables.add(closeable);
        return closeable;
    }

    static void transport(StringBuilder yaml, String name, String spec) {
        yaml.append("""
                apiVersion: traefik.io/v1alpha1
                kind: ServersTransport
                metadata: {name: %s}
                spec: %s
                ---
                """.formatted(name, spec.startsWith("{") ? spec : "{" + spec + "}"));
    }

    static void route(StringBuilder yaml, String host, String service, String scheme, String transport) {
        String extra = "          scheme: " + scheme + "\n"
                + (transport == null ? "" : "          serversTransport: " + transport + "\n");
        yaml.append(Manifests.route(host, "Host(`" + host + ".test`)", service, 0, extra));
    }

    @AfterAll
    static void stop() throws Exception {
        for (int i = closeables.size() - 1; i >= 0; i--) {
            closeables.get(i).close();
        }
    }

    static ContentResponse get(String host) throws Exception {
        return jetway.get(host + ".test", "/");
    }

    @Test
    void aPrivateCaIsTrustedOnlyThroughRootCAs() throws Exception {
        assertEquals(502, get("noca").getStatus(), "the JVM's trust store does not know the private CA");
        assertEquals(200, get("secretca").getStatus(), "rootCAs from a Secret");
        assertEquals(200, get("mapca").getStatus(), "rootCAs from a ConfigMap");
        assertEquals(200, get("insecure").getStatus(), "insecureSkipVerify");
    }

    @Test
    void serverNameIsSentAsSniAndVerified() throws Exception {
        assertEquals(502, get("byip").getStatus(), "a certificate for backend.internal does not match 127.0.0.1");
        ContentResponse named = get("named");
        assertEquals(200, named.getStatus());
        assertEquals("backend.internal", named.getHeaders().get("X-Sni"));
    }

    @Test
    void clientCertificatesAreSentForMutualTls() throws Exception {
        assertEquals(502, get("nocert").getStatus(), "the backend refuses a client without a certificate");
        ContentResponse mtls = get("mtls");
        assertEquals(200, mtls.getStatus());
        assertEquals("CN=jetway-client", mtls.getHeaders().get("X-Client-Subject"));
        ContentResponse insecure = get("mtlsinsecure");
        assertEquals(200, insecure.getStatus(), "insecureSkipVerify holds with a client certificate too");
        assertEquals("CN=jetway-client", insecure.getHeaders().get("X-Client-Subject"));
    }

    @Test
    void peerCertUriMustBeInTheServerCertificate() throws Exception {
        assertEquals(200, get("uriok").getStatus());
        assertEquals(502, get("uribad").getStatus());
    }

    @Test
    void http2IsNegotiatedUnlessDisabled() throws Exception {
        ContentResponse h2 = get("secretca");
        assertEquals("HTTP/2.0", h2.getHeaders().get("X-Protocol"), "ALPN chose h2");
        assertNull(h2.getHeaders().get("X-Client-Subject"), "no client certificate unless configured");
        assertEquals("HTTP/1.1", get("http1").getHeaders().get("X-Protocol"), "disableHTTP2");
    }

    @Test
    void responseHeaderTimeoutGivesGatewayTimeout() throws Exception {
        assertEquals(504, jetway.get("slow.test", "/slow").getStatus());
    }

    @Test
    void h2cCarriesGrpcTrailersBothWays() throws Exception {
        HttpClient h2 = grpcTestClient();
        try {
            AsyncRequestContent body = new AsyncRequestContent("application/grpc");
            Request request = h2.newRequest("http://grpc.test/grpc").method("POST").version(HttpVersion.HTTP_2)
                    .headers(h -> h.put("TE", "trailers"))
                    .trailersSupplier(() -> HttpFields.build().put("x-request-trailer", "from-client"))
                    .body(body).timeout(20, TimeUnit.SECONDS);
            body.write(ByteBuffer.wrap("hello".getBytes(StandardCharsets.UTF_8)), Callback.NOOP);
            body.close();
            ContentResponse response = request.send();
            assertEquals(200, response.getStatus());
            assertEquals("application/grpc", response.getHeaders().get("Content-Type"));
            assertEquals("HTTP/2.0", response.getHeaders().get("X-Protocol"), "h2c to the backend");
            assertEquals("echo:hello", response.getContentAsString());
            HttpFields trailers = response.getTrailers();
            assertEquals("0", trailers == null ? null : trailers.get("grpc-status"), "trailers: " + trailers);
            assertEquals("from-client", trailers.get("x-request-trailer"), "the request's trailer reached the backend");
        } finally {
            h2.stop();
        }
    }

    @Test
    void largeH2cResponsesWithTrailersArriveWhole() throws Exception {
        HttpClient h2 = grpcTestClient();
        try {
            String payload = "x".repeat(200_000);
            ContentResponse response = h2.newRequest("http://grpc.test/grpc").method("POST").version(HttpVersion.HTTP_2)
                    .headers(h -> h.put("TE", "trailers"))
                    .body(new org.eclipse.jetty.client.StringRequestContent("application/grpc", payload))
                    .timeout(20, TimeUnit.SECONDS).send();
            assertEquals(200, response.getStatus());
            assertEquals(("echo:" + payload).length(), response.getContent().length, "the whole body");
            HttpFields trailers = response.getTrailers();
            assertEquals("0", trailers == null ? null : trailers.get("grpc-status"), "trailers: " + trailers);
        } finally {
            h2.stop();
        }
    }

    /**
     * An h2c client that sends grpc.test (its :authority, which is the Host over HTTP/2) to Jetway's
     * port.
     */
    private HttpClient grpcTestClient() throws Exception {
        HttpClient h2 = new HttpClient(new HttpClientTransportOverHTTP2(new HTTP2Client()));
        h2.setSocketAddressResolver((host, port, promise) ->
                promise.succeeded(java.util.List.of(new java.net.InetSocketAddress("127.0.0.1", jetway.port()))));
        h2.start();
        return h2;
    }

    @Test
    void largeH2cResponsesToHttp11Clients() throws Exception {
        String payload = "x".repeat(200_000);
        ContentResponse response = jetway.client.newRequest(jetway.url("/grpc")).method("POST")
                .headers(h -> h.put("Host", "grpc.test"))
                .body(new org.eclipse.jetty.client.StringRequestContent("application/grpc", payload))
                .timeout(20, TimeUnit.SECONDS).send();
        assertEquals(200, response.getStatus());
        assertEquals(("echo:" + payload).length(), response.getContent().length, "the whole body");
    }
}
