package io.jetway.server.proxy;

import jakarta.servlet.ServletContext;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletContextRequest;
import org.eclipse.jetty.ee10.servlet.ServletContextResponse;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.io.ByteBufferPool;

import java.util.function.Supplier;

/**
 * What the proxy reads from Jetty behind the servlet API when it runs on Jetty: the parsed header
 * fields of a request or response (so that headers pass as fields instead of name by name), the
 * response's trailers, the server's buffer pool. Each lookup answers null (or false) in another
 * servlet container, where Jetty's servlet classes are missing.
 */
final class ContainerLookups {

    private ContainerLookups() {
    }

    /** The embedded server's buffer pool, for the backend clients to share; null elsewhere. */
    static ByteBufferPool serverByteBufferPool(ServletContext context) {
        try {
            ServletContextHandler handler = ServletContextHandler.getServletContextHandler(context);
            return handler == null || handler.getServer() == null ? null : handler.getServer().getByteBufferPool();
        } catch (LinkageError notJetty) {
            return null;
        }
    }

    /** The request's headers as Jetty parsed them, or null when running in another container. */
    static HttpFields request(HttpServletRequest request) {
        try {
            ServletContextRequest core = ServletContextRequest.getServletContextRequest(request);
            return core == null ? null : core.getHeaders();
        } catch (LinkageError notJetty) {
            return null;
        }
    }

    /** The response's header fields as Jetty holds them, or null when running in another container. */
    static HttpFields.Mutable response(HttpServletResponse response) {
        try {
            ServletContextResponse core = ServletContextResponse.getServletContextResponse(response);
            return core == null ? null : core.getHeaders();
        } catch (LinkageError notJetty) {
            return null;
        }
    }

    /** Gives Jetty the response's trailers as fields; false in another container. */
    static boolean setTrailers(HttpServletResponse response, Supplier<HttpFields> trailers) {
        try {
            ServletContextResponse core = ServletContextResponse.getServletContextResponse(response);
            if (core == null) {
                return false;
            }
            core.setTrailersSupplier(trailers);
            return true;
        } catch (LinkageError notJetty) {
            return false;
        }
    }
}
