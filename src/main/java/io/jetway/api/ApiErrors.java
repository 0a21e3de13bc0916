package io.jetway.api;

import io.jetway.api.Representations.ApiError;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

/** Every API error as Traefik writes it: the status with {@code {"message": "..."}}. */
@Provider
public class ApiErrors implements ExceptionMapper<WebApplicationException> {

    @Override
    public Response toResponse(WebApplicationException e) {
        Response original = e.getResponse();
        if (original.hasEntity() && original.getEntity() instanceof ApiError) {
            return original;
        }
        String message = e instanceof NotFoundException ? "not found" : e.getMessage();
        return Response.status(original.getStatus()).type(MediaType.APPLICATION_JSON_TYPE)
                .entity(new ApiError(message)).build();
    }

    static WebApplicationException notFound(String what, String name) {
        return new NotFoundException(Response.status(404).type(MediaType.APPLICATION_JSON_TYPE)
                .entity(new ApiError(what + " not found: " + name)).build());
    }
}
