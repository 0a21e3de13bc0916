package io.jetway.server.entry;

import io.jetway.exchange.Exchange;
import io.jetway.routing.rule.HostNames;
import io.jetway.routing.rule.RequestView;
import jakarta.servlet.http.HttpServletRequest;

import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import java.util.Map;

/** Adapts a servlet request to what rules read; the query string is parsed only if a rule asks. */
final class ServletRequestView implements RequestView {

    private final HttpServletRequest request;
    private final String routingPath;
    private final String host;
    private Map<String, List<String>> query;

    ServletRequestView(HttpServletRequest request, String routingPath) {
        this.request = request;
        this.routingPath = routingPath;
        String hostHeader = request.getHeader("Host");
        if (hostHeader == null && request.getProtocol().startsWith("HTTP/2")) {
            hostHeader = request.getServerName(); // HTTP/2 carries the host as :authority
        }
        this.host = HostNames.canonical(hostHeader);
    }

    @Override
    public String host() {
        return host;
    }

    @Override
    public String routingPath() {
        return routingPath;
    }

    @Override
    public String method() {
        return request.getMethod();
    }

    @Override
    public List<String> headers(String name) {
        if (Exchange.of(request).editsIfAny() != null) {
            return Exchange.of(request).requestHeader(name); // a parent router's middlewares may have set it
        }
        Enumeration<String> values = request.getHeaders(name);
        if (values == null || !values.hasMoreElements()) {
            return List.of();
        }
        return Collections.list(values);
    }

    @Override
    public Map<String, List<String>> queryParameters() {
        if (query == null) {
            query = RequestView.parseQuery(request.getQueryString());
        }
        return query;
    }

    @Override
    public String remoteAddress() {
        return request.getRemoteAddr();
    }
}
