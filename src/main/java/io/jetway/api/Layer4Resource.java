package io.jetway.api;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.util.List;

/**
 * {@code /api/tcp/routers|services|middlewares} and {@code /api/udp/routers|services}: empty until
 * Jetway routes layer 4, but with the same paging and errors so clients can rely on them.
 */
@ApplicationScoped
@Path("{protocol: tcp|udp}")
@Produces(MediaType.APPLICATION_JSON)
public class Layer4Resource {

    @GET
    @Path("{kind: routers|services}")
    public Response list(@QueryParam("page") String page, @QueryParam("per_page") String perPage,
                         @QueryParam("search") String search, @QueryParam("status") String status) {
        return ListQuery.parse(page, perPage, search, status, null, null).page(List.of(), item -> true);
    }

    @GET
    @Path("middlewares")
    public Response middlewares(@PathParam("protocol") String protocol, @QueryParam("page") String page,
                                @QueryParam("per_page") String perPage, @QueryParam("search") String search,
                                @QueryParam("status") String status) {
        if (protocol.equals("udp")) {
            throw ApiErrors.notFound("path", "/api/udp/middlewares");
        }
        return list(page, perPage, search, status);
    }

    @GET
    @Path("{kind: routers|services|middlewares}/{name}")
    public Response one(@PathParam("kind") String kind, @PathParam("name") String name) {
        throw ApiErrors.notFound(kind.substring(0, kind.length() - 1), name);
    }
}
