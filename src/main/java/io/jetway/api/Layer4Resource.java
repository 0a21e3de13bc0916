package io.jetway.api;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.util.List;
import java.util.Map;

/**
 * {@code /api/tcp/routers|services|middlewares[/{name}]} and {@code /api/udp/routers|services[/{name}]},
 * in Traefik's shapes, with the same paging and filters as the HTTP lists.
 */
@ApplicationScoped
@Path("{protocol: tcp|udp}")
@Produces(MediaType.APPLICATION_JSON)
public class Layer4Resource {

    @Inject
    ManagementState state;

    @GET
    @Path("{kind: routers|services}")
    public Response list(@PathParam("protocol") String protocol, @PathParam("kind") String kind,
                         @QueryParam("page") String page, @QueryParam("per_page") String perPage,
                         @QueryParam("search") String search, @QueryParam("status") String status,
                         @QueryParam("serviceName") String serviceName,
                         @QueryParam("middlewareName") String middlewareName) {
        ListQuery query = ListQuery.parse(page, perPage, search, status, serviceName, middlewareName);
        Layer4View view = state.layer4View();
        boolean tcp = protocol.equals("tcp");
        List<Map<String, Object>> all = kind.equals("routers")
                ? (tcp ? view.tcpRouters() : view.udpRouters())
                : (tcp ? view.tcpServices() : view.udpServices());
        // Traefik's filters: routers by service, TCP routers by middleware too; services by status and name only.
        boolean routers = kind.equals("routers");
        return query.page(all, item -> query.statusMatches((String) item.get("status"))
                && query.searchMatches((String) item.get("name"), (String) item.get("rule"))
                && (!routers || query.serviceMatches((String) item.get("service")))
                && (!routers || !tcp || query.middlewareMatches(middlewares(item))));
    }

    @GET
    @Path("middlewares")
    public Response middlewares(@PathParam("protocol") String protocol, @QueryParam("page") String page,
                                @QueryParam("per_page") String perPage, @QueryParam("search") String search,
                                @QueryParam("status") String status) {
        if (protocol.equals("udp")) {
            throw ApiErrors.notFound("path", "/api/udp/middlewares");
        }
        ListQuery query = ListQuery.parse(page, perPage, search, status, null, null);
        List<Map<String, Object>> all = state.layer4View().tcpMiddlewares();
        return query.page(all, item -> query.statusMatches((String) item.get("status"))
                && query.searchMatches((String) item.get("name")));
    }

    @GET
    @Path("{kind: routers|services|middlewares}/{name}")
    public Map<String, Object> one(@PathParam("protocol") String protocol, @PathParam("kind") String kind,
                                   @PathParam("name") String name) {
        Layer4View view = state.layer4View();
        boolean tcp = protocol.equals("tcp");
        Map<String, Object> found = switch (kind) {
            case "routers" -> tcp ? view.tcpRouter(name) : view.udpRouter(name);
            case "services" -> tcp ? view.tcpService(name) : view.udpService(name);
            default -> tcp ? view.tcpMiddleware(name) : null;
        };
        if (found == null) {
            throw ApiErrors.notFound(kind.substring(0, kind.length() - 1), name);
        }
        return found;
    }

    @SuppressWarnings("unchecked")
    private static List<String> middlewares(Map<String, Object> item) {
        Object m = item.get("middlewares");
        return m instanceof List<?> list ? (List<String>) list : List.of();
    }
}
