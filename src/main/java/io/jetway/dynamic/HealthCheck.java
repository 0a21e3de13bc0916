package io.jetway.dynamic;

import java.time.Duration;
import java.util.Map;

/**
 * Active health check of every server of a load balancer (Traefik's {@code healthCheck}). A server
 * is up when the check answers within the timeout with {@code status}, or with any status in
 * [200, 400) when no status is set.
 *
 * @param scheme            http or https; null keeps the server's scheme
 * @param mode              http or grpc (the gRPC health-checking protocol)
 * @param port              0 keeps the server's port
 * @param hostname          the Host header; null keeps the server's address
 * @param unhealthyInterval how often a server that is down is checked
 */
public record HealthCheck(String scheme, String mode, String path, String method, int status, int port,
                          String hostname, Map<String, String> headers, boolean followRedirects,
                          Duration interval, Duration unhealthyInterval, Duration timeout) {

    public static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(30);
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(5);

    public HealthCheck {
        headers = Map.copyOf(headers);
    }

    public boolean isUp(int responseStatus) {
        return status != 0 ? responseStatus == status : responseStatus >= 200 && responseStatus < 400;
    }
}
