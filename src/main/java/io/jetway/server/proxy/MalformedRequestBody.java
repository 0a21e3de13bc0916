package io.jetway.server.proxy;

import jakarta.servlet.http.HttpServletRequest;
import org.eclipse.jetty.ee10.servlet.ServletContextRequest;
import org.eclipse.jetty.http.HttpException;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.io.EndPoint;

/**
 * Tells a request body that broke its own framing (a chunk size that is not hex or overflows, a
 * chunk longer than declared) from a client that went away. Jetty reports both as an early end of
 * the body (a 400 HttpException); only a client that went away has closed its side of the
 * connection. The first is the client's error and gets 400; the second gets no answer (499 in the
 * access log).
 */
final class MalformedRequestBody {

    private MalformedRequestBody() {
    }

    static boolean caused(HttpServletRequest request, Throwable failure) {
        if (!isBadRequest(failure)) {
            return false;
        }
        EndPoint client = clientEndPoint(request);
        return client != null && client.isOpen() && !client.isInputShutdown();
    }

    private static boolean isBadRequest(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof HttpException http && http.getCode() == HttpStatus.BAD_REQUEST_400) {
                return true;
            }
        }
        return false;
    }

    /** The client's connection, or null when running in another servlet container. */
    private static EndPoint clientEndPoint(HttpServletRequest request) {
        try {
            ServletContextRequest core = ServletContextRequest.getServletContextRequest(request);
            return core == null ? null : core.getConnectionMetaData().getConnection().getEndPoint();
        } catch (LinkageError notJetty) {
            return null;
        }
    }
}
