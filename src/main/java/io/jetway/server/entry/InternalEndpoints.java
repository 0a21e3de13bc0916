package io.jetway.server.entry;

import io.jetway.config.ApiConfig;
import io.jetway.config.MetricsConfig;
import io.jetway.config.PingConfig;
import io.jetway.exchange.Exchange;
import io.jetway.server.proxy.PlainResponses;
import io.jetway.service.InternalService;
import jakarta.servlet.Servlet;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;

/**
 * The endpoints Jetway answers itself: the API (Jersey), the dashboard's files, /ping and
 * /metrics. They are reached two ways only: on the management entry point ({@code traefik}, with
 * --api.insecure, --ping or --metrics.prometheus), and through a router whose service is
 * {@code api@internal}, {@code dashboard@internal}, {@code ping@internal},
 * {@code prometheus@internal} or {@code noop@internal}. The servlets have
 * no URL mapping of their own, so no other request can reach them.
 */
public final class InternalEndpoints {

    static final String API_PREFIX = "/api";
    static final String DASHBOARD_PREFIX = "/dashboard";
    static final String PING_PATH = "/ping";
    static final String METRICS_PATH = "/metrics";

    private final ApiConfig api;
    private final PingConfig ping;
    private final Servlet apiServlet;
    private final Servlet dashboardServlet;
    private final Servlet pingServlet;
    private final MetricsConfig metrics;
    private final Servlet metricsServlet;

    /** The servlets are null when their feature is off. */
    InternalEndpoints(ApiConfig api, PingConfig ping, Servlet apiServlet, Servlet dashboardServlet, Servlet pingServlet) {
        this(api, ping, apiServlet, dashboardServlet, pingServlet, MetricsConfig.DISABLED, null);
    }

    public InternalEndpoints(ApiConfig api, PingConfig ping, Servlet apiServlet, Servlet dashboardServlet, Servlet pingServlet,
                      MetricsConfig metrics, Servlet metricsServlet) {
        this.api = api;
        this.ping = ping;
        this.apiServlet = apiServlet;
        this.dashboardServlet = dashboardServlet;
        this.pingServlet = pingServlet;
        this.metrics = metrics;
        this.metricsServlet = metricsServlet;
    }

    /**
     * Answers what the entry point serves before its routers: on the management entry point
     * every request (404 for anything not served there), elsewhere /ping when --ping.entrypoint
     * names it. Returns false when the routers should handle the request.
     */
    boolean serveOnEntryPoint(EntryPoint entryPoint, HttpServletRequest request, HttpServletResponse response)
            throws IOException, ServletException {
        // In the web application and cleaned already (RoutingFilter.cleanPath).
        String path = Exchange.of(request).path();
        boolean alsoManagement = entryPoint.role() == EntryPoint.Role.ROUTES_AND_MANAGEMENT;
        if (pingServlet != null && path.equals(PING_PATH) && (entryPoint.name().equals(ping.entryPoint())
                || alsoManagement && ping.entryPoint().equalsIgnoreCase(ApiConfig.MANAGEMENT_ENTRY_POINT))) {
            invoke(pingServlet, request, response, path, PING_PATH);
            return true;
        }
        if (metricsServlet != null && path.equals(METRICS_PATH) && (metrics.servedOn(entryPoint.name())
                || alsoManagement && metrics.servedOn(ApiConfig.MANAGEMENT_ENTRY_POINT))) {
            invoke(metricsServlet, request, response, path, METRICS_PATH);
            return true;
        }
        if (alsoManagement) {
            // The API and dashboard paths, the rest (even "/") goes to the routers.
            return api.servedOnManagementEntryPoint() && serveApi(request, response, path, false);
        }
        if (entryPoint.role() != EntryPoint.Role.MANAGEMENT) {
            return false;
        }
        if (api.servedOnManagementEntryPoint() && serveApi(request, response, path, true)) {
            return true;
        }
        PlainResponses.send(response, 404, PlainResponses.NOT_FOUND);
        return true;
    }

    /** Answers for a router whose service is internal, on the path as its middlewares left it. */
    void dispatch(String service, HttpServletRequest request, HttpServletResponse response)
            throws IOException, ServletException {
        // Inside the web application already: the routing filter drops a context path (RoutingFilter.inContext).
        String path = Exchange.of(request).path();
        boolean served = switch (service) {
            case InternalService.API -> serveApi(request, response, path, false);
            case InternalService.DASHBOARD -> serveDashboard(request, response, path, false);
            case InternalService.PING -> path.equals(PING_PATH) && invoke(pingServlet, request, response, path, PING_PATH);
            case InternalService.PROMETHEUS -> metricsServlet != null && path.equals(METRICS_PATH)
                    && invoke(metricsServlet, request, response, path, METRICS_PATH);
            case InternalService.NOOP -> {
                response.setStatus(200);
                yield true;
            }
            default -> false;
        };
        if (!served) {
            PlainResponses.send(response, 404, PlainResponses.NOT_FOUND);
        }
    }

    /** Traefik's api@internal: the API, and the dashboard when it is on. */
    private boolean serveApi(HttpServletRequest request, HttpServletResponse response, String path, boolean rootRedirects)
            throws IOException, ServletException {
        if (apiServlet != null && under(path, API_PREFIX)) {
            return invoke(apiServlet, request, response, path, API_PREFIX);
        }
        return serveDashboard(request, response, path, rootRedirects);
    }

    private boolean serveDashboard(HttpServletRequest request, HttpServletResponse response, String path,
                                   boolean rootRedirects) throws IOException, ServletException {
        if (dashboardServlet == null) {
            return false;
        }
        if ((rootRedirects && path.equals("/")) || path.equals(DASHBOARD_PREFIX)) {
            response.sendRedirect(request.getContextPath() + DASHBOARD_PREFIX + "/");
            return true;
        }
        return under(path, DASHBOARD_PREFIX) && invoke(dashboardServlet, request, response, path, DASHBOARD_PREFIX);
    }

    private static boolean under(String path, String prefix) {
        return path.equals(prefix) || path.startsWith(prefix + "/");
    }

    /** Runs the servlet as if it were mapped at {@code mount} and the request's path were {@code path}. */
    private static boolean invoke(Servlet servlet, HttpServletRequest request, HttpServletResponse response,
                                  String path, String mount) throws IOException, ServletException {
        servlet.service(new MountedRequest(request, path, mount), response);
        return true;
    }

    /** The request as the internal servlet must see it: its mount as servlet path, the rest as path info. */
    private static final class MountedRequest extends HttpServletRequestWrapper {
        private final String path;
        private final String mount;
        private final String query;

        MountedRequest(HttpServletRequest request, String path, String mount) {
            super(request);
            this.path = path;
            this.mount = mount;
            this.query = Exchange.of(request).query();
        }

        @Override
        public String getRequestURI() {
            return getContextPath() + path;
        }

        @Override
        public StringBuffer getRequestURL() {
            StringBuffer original = super.getRequestURL();
            String uri = super.getRequestURI();
            int origin = original.length() - uri.length();
            return new StringBuffer(original.substring(0, Math.max(origin, 0))).append(getRequestURI());
        }

        @Override
        public String getServletPath() {
            return mount;
        }

        @Override
        public String getPathInfo() {
            return path.length() > mount.length() ? path.substring(mount.length()) : null;
        }

        @Override
        public String getPathTranslated() {
            return null;
        }

        @Override
        public String getQueryString() {
            return query;
        }
    }
}
