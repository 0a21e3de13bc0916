package io.jetway.server;

import io.jetway.accesslog.AccessLog;
import io.jetway.accesslog.AccessLogRecord;
import io.jetway.accesslog.HeaderModes;
import io.jetway.middleware.RetryPolicy;
import io.jetway.middleware.auth.AuthenticatedUser;
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
    static void log(AccessLog log, FinishedExchange exchange, ExchangeLabels labels, long duration) {
        int retries = retries(labels);
        int status = status(exchange, labels);
        if (log.wants(labels.internal, status, retries, duration)) {
            log.log(record(log.headers(), exchange, labels, duration, status, retries));
        }
    }

    /** The record of an exchange that took {@code duration} nanoseconds, with the headers {@code modes} let through. */
    static AccessLogRecord record(HeaderModes modes, FinishedExchange exchange, ExchangeLabels labels, long duration) {
        return record(modes, exchange, labels, duration, status(exchange, labels), retries(labels));
    }

    private static AccessLogRecord record(HeaderModes modes, FinishedExchange exchange, ExchangeLabels labels,
                                          long duration, int status, int retries) {
        String clientIp = exchange.clientIp();
        String clientPort = String.valueOf(exchange.clientPort());
        String clientHost = clientIp;
        String forwardedFor = exchange.requestHeader(HttpHeader.X_FORWARDED_FOR);
        EntryPoint entryPoint = exchange.entryPoint();
        if (forwardedFor != null && entryPoint != null && entryPoint.trusts(clientIp)) {
            clientHost = forwardedFor; // as Traefik: the forwarded client, when the entry point trusts the peer
        }
        String requestAddr = exchange.requestAddr();
        Backend backend = exchange.attribute(RoutedRequest.BACKEND_ATTRIBUTE) instanceof Backend b ? b : null;
        String user = exchange.attribute(AuthenticatedUser.ATTRIBUTE) instanceof String u && !u.isEmpty() ? u : "-";
        String tlsProtocol = exchange.tlsProtocol();
        long originStart = labels.originStart;
        long originEnd = labels.originEnd;
        return new AccessLogRecord(labels.startTime, duration,
                originStart == 0 ? -1 : Math.max(0, (originEnd == 0 ? System.nanoTime() : originEnd) - originStart),
                labels.router, backend != null && backend.serviceName() != null ? backend.serviceName() : labels.service,
                backend == null ? null : backend.baseUrl(), backend == null ? null : backend.authority(),
                hostPort(clientIp, clientPort), clientHost, clientPort, user,
                requestAddr, host(requestAddr), port(requestAddr),
                exchange.method(), exchange.pathQuery(), exchange.protocol(), exchange.secure() ? "https" : "http",
                exchange.requestBytes(), labels.requestCount,
                labels.originStatus, labels.originContentSize, status, exchange.responseBytes(),
                retries, tlsProtocol == null ? null : tlsVersion(tlsProtocol), exchange.tlsCipher(),
                exchange.entryPointName(), headers(modes, exchange, labels));
    }

    private static int retries(ExchangeLabels labels) {
        RetryPolicy retry = labels.retry;
        return retry == null ? 0 : retry.retriesMade();
    }

    private static int status(FinishedExchange exchange, ExchangeLabels labels) {
        return labels.clientClosed ? CLIENT_CLOSED_REQUEST : exchange.status();
    }

    /** The request, origin and downstream headers the modes let through; none looked at when no header may appear. */
    private static List<AccessLogRecord.LoggedHeader> headers(HeaderModes modes, FinishedExchange exchange, ExchangeLabels labels) {
        if (!modes.any()) {
            return List.of();
        }
        List<AccessLogRecord.LoggedHeader> headers = new ArrayList<>();
        modes.select(exchange.requestHeaders(), HeaderModes.REQUEST_PREFIX, headers);
        modes.select(labels.originHeaders, HeaderModes.ORIGIN_PREFIX, headers);
        modes.select(exchange.responseHeaders(), HeaderModes.DOWNSTREAM_PREFIX, headers);
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
