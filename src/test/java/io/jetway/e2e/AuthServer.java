package io.jetway.e2e;

import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.ssl.SslContextFactory;

import java.nio.charset.StandardCharsets;
import java.security.KeyStore;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A forwardAuth server for tests, deciding by the Authorization header it receives:
 * {@code Bearer good} -> 200 with X-Auth-* headers and two cookies; {@code Bearer redirect} -> 302
 * to a relative /login; {@code Bearer forbidden} -> 403; none -> 401 with a body and headers of its
 * own. Every check it receives is queued for the test to inspect.
 */
final class AuthServer implements AutoCloseable {

    /** What one check looked like on arrival. */
    record Check(String method, String target, HttpFields headers) {
    }

    final LinkedBlockingQueue<Check> checks = new LinkedBlockingQueue<>();
    private final Server server;
    private final ServerConnector connector;

    private AuthServer(Server server, ServerConnector connector) {
        this.server = server;
        this.connector = connector;
    }

    static AuthServer http() throws Exception {
        Server server = new Server();
        return start(server, new ServerConnector(server));
    }

    /** TLS; with a client trust store, a client certificate is required. */
    static AuthServer https(KeyStore keyStore, char[] password, KeyStore clientTrust) throws Exception {
        Server server = new Server();
        SslContextFactory.Server tls = new SslContextFactory.Server();
        tls.setKeyStore(keyStore);
        tls.setKeyStorePassword(new String(password));
        if (clientTrust != null) {
            tls.setTrustStore(clientTrust);
            tls.setNeedClientAuth(true);
        }
        HttpConfiguration http = new HttpConfiguration();
        http.addCustomizer(new SecureRequestCustomizer(false, false, -1, false));
        return start(server, new ServerConnector(server, new SslConnectionFactory(tls, "http/1.1"), new HttpConnectionFactory(http)));
    }

    private static AuthServer start(Server server, ServerConnector connector) throws Exception {
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        server.addConnector(connector);
        AuthServer auth = new AuthServer(server, connector);
        server.setHandler(auth.new Decider());
        server.start();
        return auth;
    }

    int port() {
        return connector.getLocalPort();
    }

    /** The next check received, waiting for it a little. */
    Check nextCheck() throws InterruptedException {
        Check check = checks.poll(10, TimeUnit.SECONDS);
        if (check == null) {
            throw new AssertionError("the auth server received no check");
        }
        return check;
    }

    @Override
    public void close() throws Exception {
        server.stop();
    }

    private final class Decider extends Handler.Abstract {
        @Override
        public boolean handle(Request request, Response response, Callback callback) {
            checks.add(new Check(request.getMethod(), request.getHttpURI().getPathQuery(), HttpFields.build(request.getHeaders()).asImmutable()));
            String token = request.getHeaders().get("Authorization");
            HttpFields.Mutable headers = response.getHeaders();
            String body;
            if ("Bearer good".equals(token)) {
                headers.put("X-Auth-User", "alice");
                headers.put("X-Auth-Email", "alice@example.com");
                headers.put("X-Auth-Role", "admin");
                headers.add("Set-Cookie", "session=abc; Path=/; HttpOnly");
                headers.add("Set-Cookie", "tracking=1; Path=/");
                body = "ok";
            } else if ("Bearer redirect".equals(token)) {
                response.setStatus(302);
                headers.put("Location", "/login?rd=1");
                body = "";
            } else if ("Bearer forbidden".equals(token)) {
                response.setStatus(403);
                body = "forbidden by auth";
            } else {
                response.setStatus(401);
                headers.put("WWW-Authenticate", "Bearer realm=\"auth\"");
                headers.put("X-Reason", "missing-token");
                headers.put("Content-Type", "application/json");
                body = "{\"error\":\"please log in\"}";
            }
            response.write(true, StandardCharsets.UTF_8.encode(body), callback);
            return true;
        }
    }
}
