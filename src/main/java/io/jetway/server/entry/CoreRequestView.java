package io.jetway.server.entry;

import io.jetway.routing.rule.HostNames;
import io.jetway.routing.rule.RequestView;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;

import java.util.List;
import java.util.Map;

/**
 * Jetty's core request as rules read it, for {@link DirectRoutingHandler}, which routes before any
 * servlet request exists; the same answers as {@link ServletRequestView} gives for an HTTP/1.1
 * request that no middleware touched.
 */
final class CoreRequestView implements RequestView {

    private final Request request;
    private final String routingPath;
    private final String host;
    private Map<String, List<String>> query;

    CoreRequestView(Request request, String routingPath) {
        this.request = request;
        this.routingPath = routingPath;
        this.host = HostNames.canonical(request.getHeaders().get(HttpHeader.HOST));
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
        return request.getHeaders().getValuesList(name);
    }

    @Override
    public Map<String, List<String>> queryParameters() {
        if (query == null) {
            query = RequestView.parseQuery(request.getHttpURI().getQuery());
        }
        return query;
    }

    @Override
    public String remoteAddress() {
        return Request.getRemoteAddr(request);
    }
}
