package io.jetway.server.observe;

import io.jetway.accesslog.AccessLog;
import io.jetway.config.AccessLogConfig;
import io.jetway.util.TestCertificates;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.io.ClientConnector;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * TLSVersion and TLSCipher come from the TLS session Jetty attaches to the request: checked on a
 * TLS connector in front of the same exchange handler the embedded server installs.
 */
class AccessLogTlsTest {

    @Test
    void tlsRequestsNameTheirVersionAndCipher(@TempDir Path dir) throws Exception {
        TestCertificates.Issued ca = TestCertificates.ca("access-log-ca");
        TestCertificates.Issued cert = TestCertificates.issue(ca, "localhost", false, "127.0.0.1");
        SslContextFactory.Server tls = new SslContextFactory.Server();
        tls.setKeyStore(cert.keyStore());
        tls.setKeyStorePassword(new String(TestCertificates.PASSWORD));

        Path file = dir.resolve("access.log");
        AccessLog log = AccessLog.start(new AccessLogConfig(true, AccessLogConfig.Format.JSON, file, 0,
                AccessLogConfig.Filters.NONE, false, AccessLogConfig.Fields.DEFAULTS));
        Server server = new Server();
        HttpConfiguration http = new HttpConfiguration();
        http.addCustomizer(new SecureRequestCustomizer(false));
        ServerConnector connector = new ServerConnector(server, new SslConnectionFactory(tls, "http/1.1"),
                new HttpConnectionFactory(http));
        connector.setHost("127.0.0.1");
        connector.setName("websecure");
        server.addConnector(connector);
        server.setHandler(new ExchangeHandler(new ExchangeObserver(null, log), new Handler.Abstract() {
            @Override
            public boolean handle(org.eclipse.jetty.server.Request request, Response response, org.eclipse.jetty.util.Callback callback) {
                response.setStatus(204);
                callback.succeeded();
                return true;
            }
        }));
        SslContextFactory.Client trustAll = new SslContextFactory.Client(true);
        ClientConnector clientConnector = new ClientConnector();
        clientConnector.setSslContextFactory(trustAll);
        HttpClient client = new HttpClient(new org.eclipse.jetty.client.transport.HttpClientTransportOverHTTP(clientConnector));
        server.start();
        client.start();
        try {
            assertEquals(204, client.GET("https://127.0.0.1:" + connector.getLocalPort() + "/secure").getStatus());
        } finally {
            client.stop();
            server.stop();
            log.close();
        }
        List<String> lines = Files.readAllLines(file);
        assertEquals(1, lines.size(), lines.toString());
        JsonObject line = Json.createReader(new StringReader(lines.get(0))).readObject();
        assertTrue(List.of("1.2", "1.3").contains(line.getString("TLSVersion")), line.toString());
        assertTrue(line.getString("TLSCipher").startsWith("TLS_"), line.toString());
        assertFalse(line.getString("TLSCipher").isBlank());
        assertEquals("https", line.getString("RequestScheme"));
        assertEquals("websecure", line.getString("entryPointName"), "the connector's name without a routing filter");
        assertEquals(204, line.getInt("DownstreamStatus"));
        assertEquals(0, line.getInt("OriginStatus"), "no backend answered");
        assertFalse(line.containsKey("RouterName"));
    }
}
