package io.jetway.e2e.conformance;

import org.eclipse.jetty.client.ContentResponse;
import org.eclipse.jetty.client.BytesRequestContent;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpVersion;
import org.eclipse.jetty.http2.client.HTTP2Client;
import org.eclipse.jetty.http2.client.transport.HttpClientTransportOverHTTP2;
import org.eclipse.jetty.http2.server.HTTP2CServerConnectionFactory;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static io.jetway.e2e.conformance.ConformanceCluster.CONSECUTIVE;
import static io.jetway.e2e.conformance.ConformanceCluster.INFRA;
import static io.jetway.e2e.conformance.ConformanceCluster.LIMIT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Gateway API conformance v1.5.1, profile GATEWAY-GRPC, core: the GRPCRoute tests, each named after
 * the upstream ShortName; see docs/gateway-api.md.
 *
 * <p>Besides the harness's base objects, this class starts the suite's three gRPC backends
 * ({@code grpc-infra-backend-v1..v3}: echo-basic's GrpcEcho service over h2c, Services with
 * {@code appProtocol: kubernetes.io/h2c}). Each answers {@code Echo} and {@code EchoTwo} with an
 * EchoResponse (protobuf) whose assertions carry the method, the authority and its namespace and pod;
 * {@code EchoThree} is Unimplemented, as in echo-basic. The client speaks gRPC's wire format over
 * HTTP/2 with prior knowledge and reads the status as grpc-go does (grpc-status, else the HTTP status
 * mapped: 404 is Unimplemented).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class GrpcRouteConformanceTest extends ConformanceClass {

    static final String SERVICE = "gateway_api_conformance.echo_basic.grpcecho.GrpcEcho";
    static final int OK = 0;
    static final int UNIMPLEMENTED = 12;

    private final List<GrpcEchoServer> backends = new ArrayList<>();
    private HttpClient h2c;

    @BeforeAll
    void start() throws Exception {
        StringBuilder yaml = new StringBuilder();
        for (String name : List.of("grpc-infra-backend-v1", "grpc-infra-backend-v2", "grpc-infra-backend-v3")) {
            GrpcEchoServer server = GrpcEchoServer.start(INFRA, name + "-x1");
            backends.add(server);
            yaml.append(service(INFRA, name, server.port()));
        }
        Path file = dir.resolve("grpc-backends.yaml");
        Files.writeString(file, yaml.toString());
        cluster.kubectl("apply", "--validate=false", "-f", file.toString());
        h2c = new HttpClient(new HttpClientTransportOverHTTP2(new HTTP2Client()));
        // Every authority goes to the entry point standing for listener port 80, as to the suite's Gateway address.
        h2c.setSocketAddressResolver((host, port, promise) ->
                promise.succeeded(List.of(new InetSocketAddress("127.0.0.1", cluster.port(80)))));
        h2c.start();
    }

    @AfterAll
    void stop() throws Exception {
        try {
            if (h2c != null) {
                h2c.stop();
            }
        } finally {
            for (GrpcEchoServer backend : backends) {
                backend.close();
            }
        }
    }

    private static String route(String name, String spec) {
        return """
                apiVersion: gateway.networking.k8s.io/v1
                kind: GRPCRoute
                metadata: {name: %s, namespace: gateway-conformance-infra}
                spec:
                %s---
                """.formatted(name, spec.indent(2));
    }

    @Test
    void GRPCExactMethodMatching() throws Exception {
        cluster.apply(route("exact-matching", """
                parentRefs: [{name: same-namespace}]
                rules:
                - matches: [{method: {service: gateway_api_conformance.echo_basic.grpcecho.GrpcEcho, method: Echo}}]
                  backendRefs: [{name: grpc-infra-backend-v1, port: 8080}]
                - matches: [{method: {service: gateway_api_conformance.echo_basic.grpcecho.GrpcEcho, method: EchoTwo}}]
                  backendRefs: [{name: grpc-infra-backend-v2, port: 8080}]
                """));
        routesAccepted("same-namespace", "exact-matching");
        expectBackend(Rpc.echo("Echo"), "grpc-infra-backend-v1");
        expectBackend(Rpc.echo("EchoTwo"), "grpc-infra-backend-v2");
        expectCode(Rpc.echo("EchoThree"), UNIMPLEMENTED);
    }

    @Test
    void GRPCRouteHeaderMatching() throws Exception {
        cluster.apply(route("grpc-header-matching", """
                parentRefs: [{name: same-namespace}]
                rules:
                - matches: [{headers: [{name: version, value: one}]}]
                  backendRefs: [{name: grpc-infra-backend-v1, port: 8080}]
                - matches: [{headers: [{name: version, value: two}]}]
                  backendRefs: [{name: grpc-infra-backend-v2, port: 8080}]
                - matches: [{headers: [{name: version, value: two}, {name: color, value: orange}]}]
                  backendRefs: [{name: grpc-infra-backend-v1, port: 8080}]
                - matches: [{headers: [{name: color, value: blue}]}, {headers: [{name: color, value: green}]}]
                  backendRefs: [{name: grpc-infra-backend-v1, port: 8080}]
                - matches: [{headers: [{name: color, value: red}]}, {headers: [{name: color, value: yellow}]}]
                  backendRefs: [{name: grpc-infra-backend-v2, port: 8080}]
                """));
        routesAccepted("same-namespace", "grpc-header-matching");
        Rpc echo = Rpc.echo("Echo");
        expectBackend(echo.metadata("Version", "one"), "grpc-infra-backend-v1");
        expectBackend(echo.metadata("Version", "two"), "grpc-infra-backend-v2");
        expectBackend(echo.metadata("Version", "two").metadata("Color", "orange"), "grpc-infra-backend-v1");
        expectBackend(echo.metadata("Version", "two").metadata("Color", "blue"), "grpc-infra-backend-v2");
        expectCode(echo.metadata("Color", "orange"), UNIMPLEMENTED);
        expectCode(echo.metadata("Some-Other-Header", "one"), UNIMPLEMENTED);
        expectBackend(echo.metadata("Color", "blue"), "grpc-infra-backend-v1");
        expectBackend(echo.metadata("Color", "green"), "grpc-infra-backend-v1");
        expectBackend(echo.metadata("Color", "red"), "grpc-infra-backend-v2");
        expectBackend(echo.metadata("Color", "yellow"), "grpc-infra-backend-v2");
        expectCode(echo.metadata("Color", "purple"), UNIMPLEMENTED);
    }

    @Test
    void GRPCRouteListenerHostnameMatching() throws Exception {
        cluster.apply("""
                apiVersion: gateway.networking.k8s.io/v1
                kind: Gateway
                metadata: {name: grpcroute-listener-hostname-matching, namespace: gateway-conformance-infra}
                spec:
                  gatewayClassName: jetway
                  listeners:
                  - {name: listener-1, port: 80, protocol: HTTP, allowedRoutes: {namespaces: {from: Same}}, hostname: bar.com}
                  - {name: listener-2, port: 80, protocol: HTTP, allowedRoutes: {namespaces: {from: Same}}, hostname: foo.bar.com}
                  - {name: listener-3, port: 80, protocol: HTTP, allowedRoutes: {namespaces: {from: Same}}, hostname: "*.bar.com"}
                  - {name: listener-4, port: 80, protocol: HTTP, allowedRoutes: {namespaces: {from: Same}}, hostname: "*.foo.com"}
                ---
                """ + route("backend-v1", """
                parentRefs: [{name: grpcroute-listener-hostname-matching, namespace: gateway-conformance-infra, sectionName: listener-1}]
                rules: [{backendRefs: [{name: grpc-infra-backend-v1, port: 8080}]}]
                """) + route("backend-v2", """
                parentRefs: [{name: grpcroute-listener-hostname-matching, namespace: gateway-conformance-infra, sectionName: listener-2}]
                rules: [{backendRefs: [{name: grpc-infra-backend-v2, port: 8080}]}]
                """) + route("backend-v3", """
                parentRefs:
                - {name: grpcroute-listener-hostname-matching, namespace: gateway-conformance-infra, sectionName: listener-3}
                - {name: grpcroute-listener-hostname-matching, namespace: gateway-conformance-infra, sectionName: listener-4}
                rules: [{backendRefs: [{name: grpc-infra-backend-v3, port: 8080}]}]
                """));
        routesAccepted("grpcroute-listener-hostname-matching", "backend-v1", "backend-v2", "backend-v3");
        Rpc echo = Rpc.echo("Echo");
        expectBackend(echo.authority("bar.com"), "grpc-infra-backend-v1");
        expectBackend(echo.authority("foo.bar.com"), "grpc-infra-backend-v2");
        expectBackend(echo.authority("baz.bar.com"), "grpc-infra-backend-v3");
        expectBackend(echo.authority("boo.bar.com"), "grpc-infra-backend-v3");
        expectBackend(echo.authority("multiple.prefixes.bar.com"), "grpc-infra-backend-v3");
        expectBackend(echo.authority("multiple.prefixes.foo.com"), "grpc-infra-backend-v3");
        expectCode(echo.authority("foo.com"), UNIMPLEMENTED);
        expectCode(echo.authority("no.matching.host"), UNIMPLEMENTED);
    }

    @Test
    void GRPCRouteWeight() throws Exception {
        cluster.apply(route("weighted-backends", """
                parentRefs: [{name: same-namespace}]
                rules:
                - backendRefs:
                  - {name: grpc-infra-backend-v1, port: 8080, weight: 70}
                  - {name: grpc-infra-backend-v2, port: 8080, weight: 30}
                  - {name: grpc-infra-backend-v3, port: 8080, weight: 0}
                """));
        routesAccepted("same-namespace", "weighted-backends");
        expectCode(Rpc.echo("Echo"), OK);
        // The suite's weight test: 500 calls, each backend's share within 5 points of its weight, v3 never.
        Map<String, Integer> counts = new HashMap<>();
        for (int i = 0; i < 500; i++) {
            // The suite adds entropy to each call (a random delay or a header); a header here.
            Answer answer = call(Rpc.echo("Echo").metadata("x-entropy", String.valueOf(i)));
            assertEquals(OK, answer.code(), answer.toString());
            counts.merge(answer.backend(), 1, Integer::sum);
        }
        double v1 = counts.getOrDefault("grpc-infra-backend-v1", 0) / 500.0;
        double v2 = counts.getOrDefault("grpc-infra-backend-v2", 0) / 500.0;
        assertTrue(Math.abs(v1 - 0.7) <= 0.05 && Math.abs(v2 - 0.3) <= 0.05 && !counts.containsKey("grpc-infra-backend-v3"),
                "distribution " + counts);
    }

    /** The suite's GatewayAndRoutesMustBeAccepted for GRPCRoutes, with their ResolvedRefs True. */
    private void routesAccepted(String gateway, String... routes) throws Exception {
        cluster.gatewayAndRoutesAccepted("grpcroute", INFRA, gateway, INFRA, routes);
        for (String route : routes) {
            cluster.routeCondition("grpcroute", INFRA, route, INFRA, gateway, "ResolvedRefs", "True", "ResolvedRefs");
        }
    }

    /** A Service of one h2c port 8080 and its EndpointSlice on 127.0.0.1, as the suite's gRPC backends. */
    private static String service(String namespace, String name, int port) {
        return """
                apiVersion: v1
                kind: Service
                metadata: {name: %2$s, namespace: %1$s}
                spec:
                  selector: {app: %2$s}
                  ports: [{protocol: TCP, port: 8080, targetPort: 3000, appProtocol: kubernetes.io/h2c}]
                ---
                apiVersion: discovery.k8s.io/v1
                kind: EndpointSlice
                metadata:
                  name: %2$s-x1
                  namespace: %1$s
                  labels: {kubernetes.io/service-name: %2$s}
                addressType: IPv4
                endpoints: [{addresses: [127.0.0.1], conditions: {ready: true}}]
                ports: [{name: "", port: %3$d, protocol: TCP, appProtocol: kubernetes.io/h2c}]
                ---
                """.formatted(namespace, name, port);
    }

    // ---- the client ----

    /** One unary call of GrpcEcho: its method, the :authority (null: the Gateway's address) and metadata. */
    record Rpc(String method, String authority, Map<String, String> metadata) {
        static Rpc echo(String method) {
            return new Rpc(method, null, Map.of());
        }

        Rpc authority(String authority) {
            return new Rpc(method, authority, metadata);
        }

        Rpc metadata(String name, String value) {
            Map<String, String> more = new LinkedHashMap<>(metadata);
            more.put(name, value);
            return new Rpc(method, authority, more);
        }

        String fullMethod() {
            return "/" + SERVICE + "/" + method;
        }

        @Override
        public String toString() {
            return (authority == null ? "" : authority) + fullMethod() + (metadata.isEmpty() ? "" : " " + metadata);
        }
    }

    /** The status code, and for OK what the EchoResponse's assertions tell. */
    record Answer(int code, String fullMethod, String namespace, String pod) {
        /** The pod's backend: its name without the replica's suffix. */
        String backend() {
            return pod == null ? null : pod.replaceFirst("-[^-]+$", "");
        }
    }

    private Answer call(Rpc rpc) throws Exception {
        String authority = rpc.authority() == null ? "127.0.0.1:" + cluster.port(80) : rpc.authority();
        ContentResponse response = h2c.newRequest("http://" + authority + rpc.fullMethod()).method("POST").version(HttpVersion.HTTP_2)
                .headers(h -> {
                    h.put("TE", "trailers");
                    // grpc-go sends metadata keys in lower case.
                    rpc.metadata().forEach((k, v) -> h.put(k.toLowerCase(java.util.Locale.ROOT), v));
                })
                // An empty EchoRequest in one uncompressed gRPC message.
                .body(new BytesRequestContent("application/grpc", new byte[5]))
                .timeout(10, TimeUnit.SECONDS).send();
        int code = grpcStatus(response);
        if (code != OK) {
            return new Answer(code, null, null, null);
        }
        byte[] body = response.getContent();
        if (body.length < 5 || body[0] != 0) {
            return new Answer(13, null, null, null); // Internal: not one uncompressed message
        }
        Map<Integer, List<Object>> echo = Protobuf.parse(ByteBuffer.wrap(body, 5, body.length - 5).slice());
        Map<Integer, List<Object>> assertions = Protobuf.parse(Protobuf.bytes(echo, 1));
        Map<Integer, List<Object>> context = Protobuf.parse(Protobuf.bytes(assertions, 4));
        return new Answer(OK, Protobuf.string(assertions, 1), Protobuf.string(context, 1), Protobuf.string(context, 4));
    }

    /** As grpc-go: grpc-status from the trailers (or a trailers-only answer's headers), else from the HTTP status. */
    private static int grpcStatus(ContentResponse response) {
        HttpFields trailers = response.getTrailers();
        String status = trailers != null && trailers.get("grpc-status") != null ? trailers.get("grpc-status")
                : response.getHeaders().get("grpc-status");
        if (status != null) {
            return Integer.parseInt(status.trim());
        }
        return switch (response.getStatus()) {
            case 400 -> 13;               // Internal
            case 401 -> 16;               // Unauthenticated
            case 403 -> 7;                // PermissionDenied
            case 404 -> UNIMPLEMENTED;
            case 429, 502, 503, 504 -> 14; // Unavailable
            default -> 2;                 // Unknown
        };
    }

    /** The suite's MakeRequestAndExpectEventuallyConsistentResponse for an OK from that backend. */
    private void expectBackend(Rpc rpc, String backend) throws Exception {
        expect(rpc, a -> a.code() == OK && rpc.fullMethod().equals(a.fullMethod()) && INFRA.equals(a.namespace())
                && backend.equals(a.backend()), "OK from " + backend);
    }

    private void expectCode(Rpc rpc, int code) throws Exception {
        expect(rpc, a -> a.code() == code && (code != OK || rpc.fullMethod().equals(a.fullMethod())), "code " + code);
    }

    private void expect(Rpc rpc, java.util.function.Predicate<Answer> expectation, String what) throws Exception {
        long deadline = System.nanoTime() + LIMIT.toNanos();
        int streak = 0;
        Object last;
        do {
            try {
                Answer answer = call(rpc);
                last = answer;
                streak = expectation.test(answer) ? streak + 1 : 0;
            } catch (Exception e) {
                last = e;
                streak = 0;
            }
            if (streak >= CONSECUTIVE) {
                return;
            }
            Thread.sleep(streak > 0 ? 10 : 100);
        } while (System.nanoTime() < deadline);
        fail(rpc + " -> " + what + "; last: " + last);
    }

    // ---- protobuf, the little the echo service needs ----

    /** Length-delimited and varint fields of proto3 messages. */
    static final class Protobuf {
        private Protobuf() {
        }

        static Map<Integer, List<Object>> parse(ByteBuffer in) {
            Map<Integer, List<Object>> fields = new HashMap<>();
            while (in.hasRemaining()) {
                long key = varint(in);
                int field = (int) (key >>> 3);
                switch ((int) (key & 7)) {
                    case 0 -> fields.computeIfAbsent(field, f -> new ArrayList<>()).add(varint(in));
                    case 2 -> {
                        int length = (int) varint(in);
                        ByteBuffer value = in.slice(in.position(), length);
                        in.position(in.position() + length);
                        fields.computeIfAbsent(field, f -> new ArrayList<>()).add(value);
                    }
                    default -> throw new IllegalArgumentException("wire type " + (key & 7));
                }
            }
            return fields;
        }

        static ByteBuffer bytes(Map<Integer, List<Object>> fields, int field) {
            List<Object> values = fields.get(field);
            return values == null ? ByteBuffer.allocate(0) : ((ByteBuffer) values.get(0)).duplicate();
        }

        static String string(Map<Integer, List<Object>> fields, int field) {
            return StandardCharsets.UTF_8.decode(bytes(fields, field)).toString();
        }

        private static long varint(ByteBuffer in) {
            long value = 0;
            for (int shift = 0; ; shift += 7) {
                byte b = in.get();
                value |= (long) (b & 0x7f) << shift;
                if (b >= 0) {
                    return value;
                }
            }
        }

        /** A length-delimited field. */
        static void field(ByteArrayOutputStream out, int field, byte[] value) {
            writeVarint(out, (long) field << 3 | 2);
            writeVarint(out, value.length);
            out.writeBytes(value);
        }

        static void field(ByteArrayOutputStream out, int field, String value) {
            field(out, field, value.getBytes(StandardCharsets.UTF_8));
        }

        private static void writeVarint(ByteArrayOutputStream out, long value) {
            while ((value & ~0x7fL) != 0) {
                out.write((int) (value & 0x7f | 0x80));
                value >>>= 7;
            }
            out.write((int) value);
        }
    }

    // ---- the suite's gRPC echo backend ----

    /**
     * echo-basic with GRPC_ECHO_SERVER: GrpcEcho over h2c. Echo and EchoTwo answer an EchoResponse
     * whose assertions hold the full method, the request's headers, the authority and the context
     * (namespace, pod); EchoThree and anything else answer Unimplemented.
     */
    static final class GrpcEchoServer implements AutoCloseable {
        private final Server server;
        private final ServerConnector connector;

        private GrpcEchoServer(Server server, ServerConnector connector) {
            this.server = server;
            this.connector = connector;
        }

        static GrpcEchoServer start(String namespace, String pod) throws Exception {
            Server server = new Server();
            ServerConnector connector = new ServerConnector(server, new HTTP2CServerConnectionFactory(new HttpConfiguration()));
            connector.setHost("127.0.0.1");
            server.addConnector(connector);
            server.setHandler(new Handler.Abstract() {
                @Override
                public boolean handle(Request request, Response response, Callback callback) throws IOException {
                    answer(namespace, pod, request, response, callback);
                    return true;
                }
            });
            server.setStopTimeout(0);
            server.start();
            return new GrpcEchoServer(server, connector);
        }

        int port() {
            return connector.getLocalPort();
        }

        private static void answer(String namespace, String pod, Request request, Response response, Callback callback) throws IOException {
            try (InputStream body = Content.Source.asInputStream(request)) {
                body.readAllBytes();
            }
            String path = Request.getPathInContext(request);
            response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/grpc");
            if (!path.equals("/" + SERVICE + "/Echo") && !path.equals("/" + SERVICE + "/EchoTwo")) {
                // A trailers-only answer, as grpc-go sends for an unknown or unimplemented method.
                response.getHeaders().put("grpc-status", String.valueOf(UNIMPLEMENTED));
                response.getHeaders().put("grpc-message", "unimplemented method " + path);
                response.write(true, null, callback);
                return;
            }
            ByteArrayOutputStream context = new ByteArrayOutputStream();
            Protobuf.field(context, 1, namespace);
            Protobuf.field(context, 4, pod);
            ByteArrayOutputStream assertions = new ByteArrayOutputStream();
            Protobuf.field(assertions, 1, path);
            for (var header : request.getHeaders()) {
                ByteArrayOutputStream h = new ByteArrayOutputStream();
                Protobuf.field(h, 1, header.getLowerCaseName());
                Protobuf.field(h, 2, header.getValue());
                Protobuf.field(assertions, 2, h.toByteArray());
            }
            Protobuf.field(assertions, 3, request.getHttpURI().getAuthority());
            Protobuf.field(assertions, 4, context.toByteArray());
            ByteArrayOutputStream echo = new ByteArrayOutputStream();
            Protobuf.field(echo, 1, assertions.toByteArray());
            Protobuf.field(echo, 2, new byte[0]);
            byte[] message = echo.toByteArray();
            ByteBuffer framed = ByteBuffer.allocate(5 + message.length);
            framed.put((byte) 0).putInt(message.length).put(message).flip();
            response.setTrailersSupplier(() -> HttpFields.build().put("grpc-status", "0"));
            // The message, then the end of the stream with the trailers.
            response.write(false, framed, Callback.from(() -> response.write(true, null, callback), callback::failed));
        }

        @Override
        public void close() throws Exception {
            server.stop();
        }
    }
}
