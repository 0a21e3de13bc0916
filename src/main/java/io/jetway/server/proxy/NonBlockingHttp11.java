package io.jetway.server.proxy;

import org.eclipse.jetty.client.transport.HttpClientConnectionFactory;
import org.eclipse.jetty.client.transport.internal.HttpConnectionOverHTTP;
import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.io.EndPoint;

import java.util.Map;

/**
 * HTTP/1.1 to backends with the response read on the client's selector thread. Jetty's client
 * connection declares its reads blocking, so every backend response was handed from the selector
 * to a pool thread (a wake-up and a context switch per request on a busy machine). Nothing on
 * Jetway's response path blocks this thread: the proxy servlet writes to the client asynchronously
 * (a slow client makes the backend read wait, not the thread), error pages are fetched
 * asynchronously, error answers (written with blocking writes) go to a pool thread
 * ({@code JetwayProxyServlet.offSelector}), and the access log only queues its line. With
 * {@link io.jetway.net.ShortReadEndPoint}, measured with proxy-bench's set-up on 2 cores: 69-82 µs
 * of CPU per proxied request instead of 77-97 (docs/performance.md).
 */
final class NonBlockingHttp11 extends HttpClientConnectionFactory {

    /** The HTTP/1.1 protocol of {@link BackendClientTransport}. */
    static final HttpClientConnectionFactory.HTTP11 PROTOCOL = new HttpClientConnectionFactory.HTTP11(new NonBlockingHttp11());

    @Override
    public Connection newConnection(EndPoint endPoint, Map<String, Object> context) {
        HttpConnectionOverHTTP connection = new HttpConnectionOverHTTP(endPoint, context) {
            @Override
            public InvocationType getInvocationType() {
                return InvocationType.NON_BLOCKING;
            }
        };
        connection.setInitialize(isInitializeConnections());
        return customize(connection, context);
    }
}
