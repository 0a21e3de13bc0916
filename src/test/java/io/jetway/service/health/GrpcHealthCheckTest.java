package io.jetway.service.health;

import io.jetway.dynamic.HealthCheck;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http2.server.HTTP2CServerConnectionFactory;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** mode: grpc against a real gRPC health service over h2c (HTTP/2 with prior knowledge). */
class GrpcHealthCheckTest {

    Server server;
    ServerConnector connector;
    /** The serving status the backend reports: 1 SERVING, 2 NOT_SERVING. */
    final AtomicInteger servingStatus = new AtomicInteger(1);
    final LinkedBlockingQueue<String> calls = new LinkedBlockingQueue<>();
    final ActiveHealthMonitor monitor = new ActiveHealthMonitor();

    @BeforeEach
    void start() throws Exception {
        server = new Server();
        connector = new ServerConnector(server, new HTTP2CServerConnectionFactory(new HttpConfiguration()));
        connector.setHost("127.0.0.1");
        server.addConnector(connector);
        server.setHandler(new Handler.Abstract() {
            @Override
            public boolean handle(Request request, Response response, Callback callback) throws Exception {
                byte[] body = Content.Source.asByteBuffer(request).array();
                calls.add(request.getMethod() + " " + request.getHttpURI().getPath() + " " + request.getConnectionMetaData().getProtocol()
                        + " " + request.getHeaders().get("content-type") + " body=" + body.length);
                response.getHeaders().put("content-type", "application/grpc");
                response.setTrailersSupplier(() -> HttpFields.build().put("grpc-status", "0"));
                response.write(true, ByteBuffer.wrap(new byte[]{0, 0, 0, 0, 2, 0x08, (byte) servingStatus.get()}), callback);
                return true;
            }
        });
        server.start();
    }

    @AfterEach
    void stop() throws Exception {
        monitor.close();
        server.stop();
    }

    @Test
    void servingIsUpAndNotServingIsDown() throws Exception {
        ServerHealth health = new ServerHealth();
        HealthCheck check = new HealthCheck(null, "grpc", "/", "GET", 0, 0, null, Map.of(), true,
                Duration.ofMillis(50), Duration.ofMillis(50), Duration.ofSeconds(2));
        monitor.update(List.of(new HealthTarget("svc", "h2c://127.0.0.1:" + connector.getLocalPort(), check, health)));
        assertEquals("POST /grpc.health.v1.Health/Check HTTP/2.0 application/grpc body=5", calls.poll(10, TimeUnit.SECONDS));
        assertTrue(health.isActiveUp());

        servingStatus.set(2);
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (health.isActiveUp() && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertTrue(!health.isActiveUp(), "NOT_SERVING takes the server out");

        servingStatus.set(1);
        deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!health.isActiveUp() && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertTrue(health.isActiveUp(), "SERVING again puts it back");
    }
}
