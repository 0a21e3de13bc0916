package io.jetway.api;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.util.Map;

/**
 * The dashboard's static files under /dashboard/, read from the class path
 * ({@code META-INF/resources/dashboard}, built from src/main/webapp/dashboard) so the same files
 * serve from the uber-jar and the WAR.
 */
public class DashboardServlet extends HttpServlet {

    static final String ROOT = "META-INF/resources/dashboard/";
    private static final Map<String, String> TYPES = Map.of(
            "html", "text/html; charset=utf-8", "js", "text/javascript; charset=utf-8",
            "css", "text/css; charset=utf-8", "json", "application/json", "svg", "image/svg+xml",
            "png", "image/png", "ico", "image/x-icon", "woff2", "font/woff2");

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String path = request.getPathInfo();
        if (path == null || path.isEmpty()) {
            response.sendRedirect(request.getRequestURI() + "/");
            return;
        }
        String file = path.equals("/") ? "index.html" : path.substring(1);
        // Only plain relative names: nothing may climb out of the dashboard's folder.
        if (file.contains("..") || file.contains("\\") || file.startsWith("/") || file.endsWith("/")) {
            response.sendError(404);
            return;
        }
        URL resource = DashboardServlet.class.getClassLoader().getResource(ROOT + file);
        if (resource == null) {
            response.sendError(404);
            return;
        }
        int dot = file.lastIndexOf('.');
        response.setContentType(TYPES.getOrDefault(dot < 0 ? "" : file.substring(dot + 1), "application/octet-stream"));
        try (InputStream in = resource.openStream()) {
            in.transferTo(response.getOutputStream());
        }
    }
}
