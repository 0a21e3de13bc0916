package io.jetway.server.observe;

import io.jetway.accesslog.AccessLog;
import io.jetway.accesslog.AccessLogRecord;
import io.jetway.accesslog.HeaderModes;
import io.jetway.exchange.Exchange;
import io.jetway.exchange.Observations;
import io.jetway.exchange.RetryPolicy;
import io.jetway.service.Backend;
import org.eclipse.jetty.http.HttpHeader;

import java.util.ArrayList;
import java.util.List;

/**
 * Builds the access log's record of a finished exchange from what the server shows of it and the
 * exchange labels; the same for the embedded server and the WAR.
 */
final class AccessLogRecords {

    /** nginx's and Traefik's status for a request the client abandoned. */
    private static final int CLIENT_CLOSED_REQUEST = 499;

    private AccessLogRecords() {
    }

    /** Hands the exchange's record to the log, unless its filters leave the exchange out. */
    static void log(AccessLog log, FinishedExchange finished, Exchange exchange, long duration) {
        int retries = retries(exchange);
        int status = status(finished, exchange);
        if (log.wants(exchange.internal(), status, retries, duration)) {
            log.log(record(log.headers(), finished, exchange, duration, status, retries));
        }
    }

    /** The record of an exchange that took {@code duration} nanoseconds, with the headers {@code modes} let through. */
    static AccessLogRecord record(HeaderModes modes, FinishedExchange finished, Exchange exchange, long duration) {
        return record(modes, finished, exchange, duration, status(finished, exchange), retries(exchange));
    }

    private static AccessLogRecord record(HeaderModes modes, FinishedExchange finished, Exchange exchange,
                                          long duration, int status, int retries) {
        Observations seen = exchange.observations();
        String clientIp = finished.clientIp();
        String clientPort = String.valueOf(finished.clientPort());
        String clientHost = clientIp;
        String forwardedFor = finished.requestHeader(HttpHeader.X_FORWARDED_FOR);
        if (forwardedFor != null && exchange.entryPoint() != null && exchange.forwardedHeadersTrusted(clientIp)) {
            clientHost = forwardedFor; // as Traefik: the forwarded client, when the entry point trusts the peer
        }
        String requestAddr = finished.requestAddr();
        Backend backend = exchange.backend();
        String user = exchange.authenticatedUser() == null || exchange.authenticatedUser().isEmpty() ? "-" : exchange.authenticatedUser();
        String tlsProtocol = finished.tlsProtocol();
        long originStart = seen.originStart();
        long originEnd = seen.originEnd();
        return new AccessLogRecord(seen.startTime(), duration,
                originStart == 0 ? -1 : Math.max(0, (originEnd == 0 ? System.nanoTime() : originEnd) - originStart),
                exchange.router(),
                backend != null && backend.serviceName() != null ? backend.serviceName() : exchange.serviceName(),
                backend == null ? null : backend.baseUrl(), backend == null ? null : backend.authority(),
                hostPort(clientIp, clientPort), clientHost, clientPort, user,
                requestAddr, host(requestAddr), port(requestAddr),
                finished.method(), finished.pathQuery(), finished.protocol(), finished.secure() ? "https" : "http",
                finished.requestBytes(), seen.requestCount(),
                seen.originStatus(), seen.originContentSize(), status, finished.responseBytes(),
                retries, tlsProtocol == null ? null : tlsVersion(tlsProtocol), finished.tlsCipher(),
                finished.entryPointName(), headers(modes, finished, seen));
    }

    private static int retries(Exchange exchange) {
        RetryPolicy retry = exchange.retryPolicy();
        return retry == null ? 0 : retry.retriesMade();
    }

    private static int status(FinishedExchange finished, Exchange exchange) {
        return exchange.observations().clientHasClosed() ? CLIENT_CLOSED_REQUEST : finished.status();
    }

    /** The request, origin and downstream headers the modes let through; none looked at when no header may appear. */
    private static List<AccessLogRecord.LoggedHeader> headers(HeaderModes modes, FinishedExchange finished, Observations seen) {
        if (!modes.any()) {
            return List.of();
        }
        List<AccessLogRecord.LoggedHeader> headers = new ArrayList<>();
        modes.select(finished.requestHeaders(), HeaderModes.REQUEST_PREFIX, headers);
        modes.select(seen.originHeaders(), HeaderModes.ORIGIN_PREFIX, headers);
        modes.select(finished.responseHeaders(), HeaderModes.DOWNSTREAM_PREFIX, headers);
        return headers;
    }

    /** {@code TLSv1.3} as Traefik writes it: {@code 1.3}. */
    private static String tlsVersion(String protocol) {
        return protocol.startsWith("TLSv") ? protocol.substring(4) : protocol;
    }

    private static String hostPort(String host, String port) {
        return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
    }

    /** Go's SplitHostPort, or the whole value when it has no port (Traefik's silentSplitHostPort). */
    static String host(String addr) {
        if (addr == null) {
            return null;
        }
        int colon = portColon(addr);
        String host = colon < 0 ? addr : addr.substring(0, colon);
        return host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
    }

    static String port(String addr) {
        if (addr == null) {
            return "-";
        }
        int colon = portColon(addr);
        return colon < 0 ? "-" : addr.substring(colon + 1);
    }

    private static int portColon(String addr) {
        int colon = addr.lastIndexOf(':');
        if (colon < 0 || addr.indexOf(']') > colon || (addr.indexOf(':') != colon && !addr.startsWith("["))) {
            return -1;
        }
        return colon;
    }
}
