package io.jetway.e2e;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;

/** What the WAR tests share: the built WAR, a manifests directory routing to a backend, the static configuration. */
final class WarFixture {

    static final String ROUTE_PREFIX = "/who";

    private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private WarFixture() {
    }

    /** target/jetway.war, as the package phase built it (failsafe passes its path). */
    static Path war() {
        Path war = Path.of(System.getProperty("jetway.war", "target/jetway.war"));
        if (!Files.isRegularFile(war)) {
            throw new IllegalStateException(war + " is missing: the WAR tests run after package (./mvnw verify)");
        }
        return war;
    }

    /** A route {@code PathPrefix(prefix)} on web to a Service whose endpoint is 127.0.0.1:backendPort. */
    static Path manifests(Path dir, String prefix, int backendPort) throws IOException {
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("whoami.yaml"), Manifests.service("whoami", backendPort)
                + Manifests.route("whoami", "PathPrefix(`" + prefix + "`)", "whoami"));
        return dir;
    }

    /** Static configuration: web on the container's port, the insecure API, metrics, the manifests directory. */
    static Path config(Path dir, int webPort, Path manifests) throws IOException {
        Path file = dir.resolve("jetway.yaml");
        Files.writeString(file, """
                entryPoints:
                  web:
                    address: ":%d"
                api:
                  insecure: true
                metrics:
                  prometheus: {}
                providers:
                  file:
                    directory: "%s"
                """.formatted(webPort, manifests));
        return file;
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    static HttpResponse<String> get(String url) throws IOException, InterruptedException {
        return CLIENT.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(20)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /**
     * Polls {@code url} until an answer satisfies {@code wanted} (returned), or {@code alive} turns
     * false or the time is up (null).
     */
    static HttpResponse<String> awaitAnswer(String url, Duration max, BooleanSupplier alive,
                                            Predicate<HttpResponse<String>> wanted) throws InterruptedException {
        long deadline = System.nanoTime() + max.toNanos();
        while (System.nanoTime() < deadline && alive.getAsBoolean()) {
            try {
                HttpResponse<String> response = get(url);
                if (wanted.test(response)) {
                    return response;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(250);
        }
        return null;
    }

    /** Polls {@code url} until it answers 200 or {@code alive} turns false (the server died) or the time is up. */
    static boolean awaitOk(String url, Duration max, BooleanSupplier alive) throws InterruptedException {
        long deadline = System.nanoTime() + max.toNanos();
        while (System.nanoTime() < deadline && alive.getAsBoolean()) {
            try {
                if (get(url).statusCode() == 200) {
                    return true;
                }
            } catch (IOException notYet) {
                // not listening yet, or the application is still deploying
            }
            Thread.sleep(250);
        }
        return false;
    }
}
