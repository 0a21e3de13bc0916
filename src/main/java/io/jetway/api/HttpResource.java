package io.jetway.api;

import io.jetway.api.Representations.RouterInfo;
import io.jetway.api.Representations.ServiceInfo;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** {@code /api/http/routers|services|middlewares[/{name}]}. */
@ApplicationScoped
@Path("http")
@Produces(MediaType.APPLICATION_JSON)
public class HttpResource {

    @Inject
    ManagementState state;

    @GET
    @Path("routers")
    public Response routers(@QueryParam("page") String page, @QueryParam("per_page") String perPage,
                            @QueryParam("search") String search, @QueryParam("status") String status,
                            @QueryParam("serviceName") String serviceName,
                            @QueryParam("middlewareName") String middlewareName) {
        ListQuery query = ListQuery.parse(page, perPage, search, status, serviceName, middlewareName);
        List<RouterInfo> all = new ArrayList<>();
        state.view().routers().forEach((name, router) -> all.add(router.named(name)));
        return query.page(all, r -> query.statusMatches(r.status()) && query.searchMatches(r.name(), r.rule())
                && query.serviceMatches(r.service()) && query.middlewareMatches(r.middlewares()));
    }

    @GET
    @Path("routers/{name}")
    public RouterInfo router(@PathParam("name") String name) {
        RouterInfo router = state.view().routers().get(name);
        if (router == null) {
            throw ApiErrors.notFound("router", name);
        }
        return router.named(name);
    }

    @GET
    @Path("services")
    public Response services(@QueryParam("page") String page, @QueryParam("per_page") String perPage,
                             @QueryParam("search") String search, @QueryParam("status") String status) {
        ListQuery query = ListQuery.parse(page, perPage, search, status, null, null);
        RuntimeView view = state.view();
        List<ServiceInfo> all = new ArrayList<>();
        view.services().forEach((name, service) -> all.add(service.named(name, view.serviceType(name))));
        return query.page(all, s -> query.statusMatches(s.status()) && query.searchMatches(s.name()));
    }

    @GET
    @Path("services/{name}")
    public ServiceInfo service(@PathParam("name") String name) {
        RuntimeView view = state.view();
        ServiceInfo service = view.services().get(name);
        if (service == null) {
            throw ApiErrors.notFound("service", name);
        }
        return service.named(name, view.serviceType(name));
    }

    @GET
    @Path("middlewares")
    public Response middlewares(@QueryParam("page") String page, @QueryParam("per_page") String perPage,
                                @QueryParam("search") String search, @QueryParam("status") String status) {
        ListQuery query = ListQuery.parse(page, perPage, search, status, null, null);
        RuntimeView view = state.view();
        List<Map<String, Object>> all = new ArrayList<>();
        view.middlewares().forEach((name, middleware) -> all.add(named(view, name, middleware)));
        return query.page(all, m -> query.statusMatches((String) m.get("status")) && query.searchMatches((String) m.get("name")));
    }

    @GET
    @Path("middlewares/{name}")
    public Map<String, Object> middleware(@PathParam("name") String name) {
        RuntimeView view = state.view();
        Map<String, Object> middleware = view.middlewares().get(name);
        if (middleware == null) {
            throw ApiErrors.notFound("middleware", name);
        }
        return named(view, name, middleware);
    }

    private static Map<String, Object> named(RuntimeView view, String name, Map<String, Object> middleware) {
        Map<String, Object> doc = new java.util.LinkedHashMap<>(middleware);
        doc.put("name", name);
        String provider = RuntimeView.providerOf(name);
        if (provider != null) {
            doc.put("provider", provider);
        }
        doc.put("type", view.middlewareType(name));
        return doc;
    }
}
