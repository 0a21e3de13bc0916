package io.jetway.e2e;

import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The real main class at {@code --log.level=DEBUG}, with Jetty's own DEBUG logging on as well:
 * credentials sent by the client (Authorization, Proxy-Authorization, Cookie, an API key, the user
 * information of an absolute URL) and by the backend (Set-Cookie) reach their destination but
 * never the log.
 */
class DebugLogRedactionTest {

    private static final List<String> SECRETS = List.of("S3cr3t-bearer-Tk", "U2VjcmV0UHJveHk6cHc=", "c00kie-S3cr3t",
            "ap1-k3y-S3cr3t", "url-passw0rd-S3cr3t", "set-c00kie-S3cr3t");

    @Test
    void credentialsReachTheBackendButNotTheLog(@TempDir Path dir) throws Exception {
        Map<String, String> received = new ConcurrentHashMap<>();
        Backend backend = cookieBackend(received);
        try {
            Path manifests = Files.createDirectories(dir.resolve("m"));
            Files.writeString(manifests.resolve("app.yaml"), Manifests.service("app", backend.port())
                    + Manifests.route("app", "PathPrefix(`/`)", "app"));
            int web = GracefulShutdownTest.freePort();
            Path log = dir.resolve("jetway.log");
            List<String> command = new ArrayList<>(List.of(
                    Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Dorg.eclipse.jetty.LEVEL=DEBUG",
                    "-cp", System.getProperty("java.class.path"), "io.jetway.Jetway",
                    "--entrypoints.web.address=127.0.0.1:" + web, "--providers.file.directory=" + manifests,
                    "--log.level=DEBUG"));
            Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
            try {
                GracefulShutdownTest.awaitStatus(java.net.http.HttpClient.newHttpClient(),
                        URI.create("http://127.0.0.1:" + web + "/ready"), 200);

                String response = RawHttp.untilClosed(web, "GET /app HTTP/1.1\r\nHost: app.test\r\n"
                        + "Authorization: Bearer S3cr3t-bearer-Tk\r\n"
                        + "Proxy-Authorization: Basic U2VjcmV0UHJveHk6cHc=\r\n"
                        + "Cookie: session=c00kie-S3cr3t; theme=dark\r\n"
                        + "X-Api-Key: ap1-k3y-S3cr3t\r\nConnection: close\r\n\r\n");
                assertTrue(response.startsWith("HTTP/1.1 200"), response);
                assertTrue(response.contains("Set-Cookie: sid=set-c00kie-S3cr3t"), response);
                assertEquals("Bearer S3cr3t-bearer-Tk", received.get("Authorization"));
                assertEquals("session=c00kie-S3cr3t; theme=dark", received.get("Cookie"));
                assertEquals("ap1-k3y-S3cr3t", received.get("X-Api-Key"));

                String absolute = RawHttp.untilClosed(web, "GET http://user:url-passw0rd-S3cr3t@app.test/userinfo HTTP/1.1\r\n"
                        + "Host: app.test\r\nConnection: close\r\n\r\n");
                assertTrue(absolute.startsWith("HTTP/1.1 200"), absolute);
            } finally {
                process.destroy();
                assertTrue(process.waitFor(30, TimeUnit.SECONDS), "Jetway stops");
            }
            String text = Files.readString(log);
            for (String secret : SECRETS) {
                assertFalse(text.contains(secret), secret + " appears in the log");
            }
            assertTrue(text.contains("proxying to upstream"), "Jetway logged the proxied request at DEBUG");
            assertTrue(text.contains("REDACTED"), "the credentials were replaced by the marker");
        } finally {
            backend.close();
        }
    }

    /** Answers 200 with a session cookie and records the credential headers it received. */
    private static Backend cookieBackend(Map<String, String> received) throws Exception {
        return Backend.answeredBy(new Handler.Abstract() {
            @Override
            public boolean handle(Request request, Response response, Callback callback) {
                for (String name : List.of("Authorization", "Cookie", "X-Api-Key")) {
                    String value = request.getHeaders().get(name);
                    if (value != null) {
                        received.put(name, value);
                    }
                }
                response.getHeaders().put("Set-Cookie", "sid=set-c00kie-S3cr3t; Path=/; HttpOnly");
                response.write(true, java.nio.ByteBuffer.wrap("ok".getBytes(StandardCharsets.UTF_8)), callback);
                return true;
            }
        });
    }
}
