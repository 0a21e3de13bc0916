package io.jetway.accesslog;

import java.time.Instant;
import java.util.List;

/**
 * One finished exchange, as the access log sees it: Traefik's fields with their raw values. Built on
 * the request's completion; formatted later on the writer's thread.
 *
 * @param start                 when the request arrived
 * @param durationNanos         from arrival to the end of the response
 * @param originDurationNanos   time spent with the backend; -1 when no backend was called
 * @param routerName            qualified router name, or null when no router matched
 * @param serviceName           qualified service name, or null
 * @param serviceUrl            the chosen server's URL, or null
 * @param serviceAddr           the chosen server's host:port, or null
 * @param clientAddr            the peer as host:port
 * @param clientHost            the peer's IP (or X-Forwarded-For when the entry point trusts the peer)
 * @param clientPort            the peer's port
 * @param clientUsername        the basicAuth/digestAuth user, or "-"
 * @param requestAddr           the Host as received
 * @param requestHost           the Host without port
 * @param requestPort           the Host's port, or "-"
 * @param retryAttempts         how many times the request was sent again
 * @param tlsVersion            e.g. "1.3", or null without TLS
 * @param tlsCipher             the cipher suite, or null without TLS
 * @param entryPointName        the entry point that received the request
 * @param headers               the request, origin and downstream headers that the header modes let through
 */
public record AccessLogRecord(Instant start, long durationNanos, long originDurationNanos,
                              String routerName, String serviceName, String serviceUrl, String serviceAddr,
                              String clientAddr, String clientHost, String clientPort, String clientUsername,
                              String requestAddr, String requestHost, String requestPort,
                              String requestMethod, String requestPath, String requestProtocol, String requestScheme,
                              long requestContentSize, long requestCount,
                              int originStatus, long originContentSize, int downstreamStatus, long downstreamContentSize,
                              int retryAttempts, String tlsVersion, String tlsCipher, String entryPointName,
                              List<LoggedHeader> headers) {

    public AccessLogRecord {
        headers = List.copyOf(headers);
    }

    /** A header as it appears in the log: prefixed name ({@code request_User-Agent}) and value (or REDACTED). */
    public record LoggedHeader(String field, String value) {
    }
}
