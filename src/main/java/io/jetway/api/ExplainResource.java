package io.jetway.api;

import io.jetway.config.EntryPointConfig;
import io.jetway.explain.ExplainRequest;
import io.jetway.explain.Explainer;
import io.jetway.explain.TcpExplainRequest;
import io.jetway.explain.TcpExplainer;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code /api/explain?entrypoint=web&method=GET&url=http://host/path&header=K:V}: which router
 * would serve the request now, its middlewares and service, and why each higher-priority router
 * did not match (beyond Traefik's API).
 *
 * <p>{@code /api/explain/tcp?entrypoint=web&clientIp=IP&tls=true&sni=NAME&alpn=h2,http/1.1&postgres=false}:
 * which stage of Traefik's order and which TCP router take such a connection now, and why the
 * other TCP routers of the entry point do not ({@link TcpExplainer}).
 */
@ApplicationScoped
@Path("explain")
@Produces(MediaType.APPLICATION_JSON)
public class ExplainResource {

    @Inject
    ManagementState state;

    @GET
    @Path("tcp")
    public TcpExplainer.Explanation explainTcp(@QueryParam("entrypoint") String entryPoint, @QueryParam("clientIp") String clientIp,
                                               @QueryParam("tls") String tls, @QueryParam("postgres") String postgres,
                                               @QueryParam("sni") String sni, @QueryParam("alpn") List<String> alpn) {
        String ep = entryPoint(entryPoint);
        TcpExplainRequest connection;
        try {
            connection = TcpExplainRequest.of(tls, postgres, sni, String.join(",", alpn), clientIp);
        } catch (TcpExplainRequest.InvalidField e) {
            throw ListQuery.badRequest(e.field() + ": " + e.getMessage());
        }
        return TcpExplainer.explain(state.table(), ep, connection);
    }

    private String entryPoint(String entryPoint) {
        List<String> entryPoints = state.routingEntryPoints();
        String ep = entryPoint == null || entryPoint.isBlank() ? (entryPoints.isEmpty() ? "web" : entryPoints.get(0)) : entryPoint;
        if (!entryPoints.contains(ep)) {
            throw ListQuery.badRequest("entrypoint: no entry point \"" + ep + "\" (have " + entryPoints + ")");
        }
        return ep;
    }

    @GET
    public Explainer.Explanation explain(@QueryParam("entrypoint") String entryPoint, @QueryParam("method") String method,
                                         @QueryParam("url") String url, @QueryParam("header") List<String> headers,
                                         @QueryParam("remote") String remote) {
        if (url == null || url.isBlank()) {
            throw ListQuery.badRequest("url is required, e.g. url=http://example.com/path");
        }
        String ep = entryPoint(entryPoint);
        Map<String, List<String>> byName = new LinkedHashMap<>();
        for (String header : headers) {
            int colon = header.indexOf(':');
            if (colon <= 0) {
                throw ListQuery.badRequest("header: expected Name:value, got \"" + header + "\"");
            }
            byName.computeIfAbsent(header.substring(0, colon).trim(), k -> new ArrayList<>()).add(header.substring(colon + 1).trim());
        }
        ExplainRequest request;
        try {
            EntryPointConfig configured = state.config().entryPoints().get(ep);
            boolean sanitizePath = configured == null || configured.requestPath().sanitizePath(); // WAR's implicit web: the default
            request = ExplainRequest.of(method == null || method.isBlank() ? "GET" : method, url, byName,
                    remote == null || remote.isBlank() ? "127.0.0.1" : remote, sanitizePath);
        } catch (IllegalArgumentException e) {
            throw ListQuery.badRequest("url: " + e.getMessage());
        }
        return Explainer.explain(state.table(), ep, request);
    }
}
