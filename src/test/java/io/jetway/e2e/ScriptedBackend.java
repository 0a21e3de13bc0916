package io.jetway.e2e;

import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.Fields;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A backend whose answer the request's query describes: {@code server=} and {@code vary=} set those
 * headers, {@code type=} sets Content-Type (none by default), {@code body=} is the body. Counts
 * the requests it received.
 */
final class ScriptedBackend implements AutoCloseable {

    final AtomicInteger requests = new AtomicInteger();
    private final Server server;
    private final ServerConnector connector;

    private ScriptedBackend() throws Exception {
        server = new Server();
        connector = new ServerConnector(server);
        connector.setHost("127.0.0.1");
        server.addConnector(connector);
        server.setHandler(new Handler.Abstract() {
            @Override
            public boolean handle(Request request, Response response, Callback callback) {
                requests.incrementAndGet();
                Fields query = Request.extractQueryParameters(request);
                if (query.getValue("server") != null) {
                    response.getHeaders().put(HttpHeader.SERVER, query.getValue("server"));
                }
                if (query.getValue("vary") != null) {
                    response.getHeaders().put(HttpHeader.VARY, query.getValue("vary"));
                }
                if (query.getValue("type") != null) {
                    response.getHeaders().put(HttpHeader.CONTENT_TYPE, query.getValue("type"));
                }
                String body = query.getValue("body") == null ? "backend" : query.getValue("body");
                byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
                response.getHeaders().put(HttpHeader.CONTENT_LENGTH, bytes.length);
                response.write(true, java.nio.ByteBuffer.wrap(bytes), callback);
                return true;
            }
        });
        server.start();
    }

    static ScriptedBackend start() throws Exception {
        return new ScriptedBackend();
    }

    int port() {
        return connector.getLocalPort();
    }

    @Override
    public void close() throws Exception {
        server.stop();
    }
}
