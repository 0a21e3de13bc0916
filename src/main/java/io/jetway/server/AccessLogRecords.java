package io.jetway.server;

import io.jetway.accesslog.AccessLog;
import io.jetway.accesslog.AccessLogRecord;
import io.jetway.accesslog.HeaderModes;
import io.jetway.middleware.RetryPolicy;
import io.jetway.middleware.auth.AuthenticatedUser;
import io.jetway.service.Backend;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpURI;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;

import javax.net.ssl.SSLSession;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;

/** Builds the access log's record of a finished exchange from Jetty's request and response and the exchange labels. */
final class AccessLogRecords {

    /** nginx's and Traefik's status for a request the client abandoned. */
    private static final int CLIENT_CLOSED_REQUEST = 499;

    private AccessLogRecords() {
    }

    static void log(AccessLog log, Request request, Response response, ExchangeLabels labels, long duration) {
        RetryPolicy retry = labels.retry;
        int retries = retry == null ? 0 : retry.retriesMade();
        int status = labels.clientClosed ? CLIENT_CLOSED_REQUEST : response.getStatus();
        if (!log.wants(labels.internal, status, retries, duration)) {
            return;
        }
        String clientIp = Request.getRemoteAddr(request);
        String clientPort = String.valueOf(Request.getRemotePort(request));
        String clientHost = clientIp;
        String forwardedFor = request.getHeaders().get(HttpHeader.X_FORWARDED_FOR);
        EntryPoint entryPoint = labels.entryPoint;
        if (forwardedFor != null && entryPoint != null && entryPoint.trusts(clientIp)) {
            clientHost = forwardedFor; // as Traefik: the forwarded client, when the entry point trusts the peer
        }
        String requestAddr = request.getHeaders().get(HttpHeader.HOST);
        HttpURI uri = request.getHttpURI();
        if (requestAddr == null) {
            requestAddr = uri.getAuthority();
        }
        Backend backend = request.getAttribute(RoutedRequest.BACKEND_ATTRIBUTE) instanceof Backend b ? b : null;
        String user = request.getAttribute(AuthenticatedUser.ATTRIBUTE) instanceof String u && !u.isEmpty() ? u : "-";
        String tlsVersion = null;
        String tlsCipher = null;
        if (request.getAttribute(EndPoint.SslSessionData.ATTRIBUTE) instanceof EndPoint.SslSessionData tls) {
            SSLSession session = tls.sslSession();
            tlsVersion = session == null ? null : tlsVersion(session.getProtocol());
            tlsCipher = tls.cipherSuite();
        }
        long originStart = labels.originStart;
        long originEnd = labels.originEnd;
        List<AccessLogRecord.LoggedHeader> headers = new ArrayList<>();
        HeaderModes modes = log.headers();
        modes.select(request.getHeaders(), HeaderModes.REQUEST_PREFIX, headers);
        modes.select(labels.originHeaders, HeaderModes.ORIGIN_PREFIX, headers);
        modes.select(response.getHeaders(), HeaderModes.DOWNSTREAM_PREFIX, headers);
        String path = uri.getPathQuery();
        log.log(new AccessLogRecord(labels.startTime, duration,
                originStart == 0 ? -1 : Math.max(0, (originEnd == 0 ? System.nanoTime() : originEnd) - originStart),
                labels.router, backend != null && backend.serviceName() != null ? backend.serviceName() : labels.service,
                backend == null ? null : backend.baseUrl(), backend == null ? null : backend.authority(),
                hostPort(clientIp, clientPort), clientHost, clientPort, user,
                requestAddr, host(requestAddr), port(requestAddr),
                request.getMethod(), path == null || path.isEmpty() ? "/" : path,
                request.getConnectionMetaData().getProtocol(), request.isSecure() ? "https" : "http",
                Request.getContentBytesRead(request), labels.requestCount,
                labels.originStatus, labels.originContentSize, status, Response.getContentBytesWritten(response),
                retries, tlsVersion, tlsCipher, entryPointName(request, entryPoint), headers));
    }

    /**
     * The same record from the servlet API, for the WAR, where no Jetty handler wraps the
     * application: sizes are the declared lengths (the servlet API counts no bytes).
     */
    static void log(AccessLog log, ExchangeFilter.Exchange exchange) {
        HttpServletRequest request = exchange.request();
        HttpServletResponse response = exchange.response();
        ExchangeLabels labels = exchange.labels();
        RetryPolicy retry = labels.retry;
        int retries = retry == null ? 0 : retry.retriesMade();
        int status = labels.clientClosed ? CLIENT_CLOSED_REQUEST : response.getStatus();
        long duration = exchange.nanos();
        if (!log.wants(labels.internal, status, retries, duration)) {
            return;
        }
        String clientIp = request.getRemoteAddr();
        String clientPort = String.valueOf(request.getRemotePort());
        String forwardedFor = request.getHeader("X-Forwarded-For");
        EntryPoint entryPoint = exchange.entryPoint();
        String clientHost = forwardedFor != null && entryPoint.trusts(clientIp) ? forwardedFor : clientIp;
        String requestAddr = request.getHeader("Host");
        Backend backend = request.getAttribute(RoutedRequest.BACKEND_ATTRIBUTE) instanceof Backend b ? b : null;
        String user = request.getAttribute(AuthenticatedUser.ATTRIBUTE) instanceof String u && !u.isEmpty() ? u : "-";
        List<AccessLogRecord.LoggedHeader> headers = new ArrayList<>();
        HeaderModes modes = log.headers();
        if (modes.any()) {
            modes.select(requestHeaders(request), HeaderModes.REQUEST_PREFIX, headers);
            modes.select(labels.originHeaders, HeaderModes.ORIGIN_PREFIX, headers);
            modes.select(responseHeaders(response), HeaderModes.DOWNSTREAM_PREFIX, headers);
        }
        String path = request.getRequestURI() + (request.getQueryString() == null ? "" : "?" + request.getQueryString());
        long originStart = labels.originStart;
        long originEnd = labels.originEnd;
        log.log(new AccessLogRecord(labels.startTime, duration,
                originStart == 0 ? -1 : Math.max(0, (originEnd == 0 ? System.nanoTime() : originEnd) - originStart),
                labels.router, backend != null && backend.serviceName() != null ? backend.serviceName() : labels.service,
                backend == null ? null : backend.baseUrl(), backend == null ? null : backend.authority(),
                hostPort(clientIp, clientPort), clientHost, clientPort, user,
                requestAddr, host(requestAddr), port(requestAddr), request.getMethod(), path, request.getProtocol(),
                request.isSecure() ? "https" : "http", Math.max(request.getContentLengthLong(), 0), labels.requestCount,
                labels.originStatus, labels.originContentSize, status, exchange.responseBytes(), retries,
                null, null, entryPoint.name(), headers));
    }

    private static HttpFields requestHeaders(HttpServletRequest request) {
        HttpFields.Mutable fields = HttpFields.build();
        for (Enumeration<String> names = request.getHeaderNames(); names.hasMoreElements(); ) {
            String name = names.nextElement();
            for (Enumeration<String> values = request.getHeaders(name); values.hasMoreElements(); ) {
                fields.add(name, values.nextElement());
            }
        }
        return fields;
    }

    private static HttpFields responseHeaders(HttpServletResponse response) {
        HttpFields.Mutable fields = HttpFields.build();
        for (String name : response.getHeaderNames()) {
            response.getHeaders(name).forEach(value -> fields.add(name, value));
        }
        return fields;
    }

    private static String entryPointName(Request request, EntryPoint entryPoint) {
        return entryPoint != null ? entryPoint.name() : request.getConnectionMetaData().getConnector().getName();
    }

    /** {@code TLSv1.3} as Traefik writes it: {@code 1.3}. */
    private static String tlsVersion(String protocol) {
        return protocol != null && protocol.startsWith("TLSv") ? protocol.substring(4) : protocol;
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
