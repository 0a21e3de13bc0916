package io.jetway.middleware.gatewayapi;

import io.jetway.exchange.Exchange;
import io.jetway.exchange.ForwardEdits;
import io.jetway.kube.Node;
import io.jetway.middleware.HttpMiddleware;
import io.jetway.middleware.MiddlewareContext;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;

/**
 * {@code gatewayRequestHeaderModifier}: the HTTPRoute's RequestHeaderModifier filter. The headers
 * forwarded to the backend are set (all values replaced; {@code Host} is the Host the backend
 * gets), added to (another value after the existing ones, as Go's {@code Header.Add}), then
 * removed. {@code Host} can only be set: Traefik's add and remove act on the header map, which
 * never holds the Host it forwards.
 */
public final class RequestHeaderModifierMiddleware extends HttpMiddleware {

    private final HeaderModifierOptions options;

    public RequestHeaderModifierMiddleware(HeaderModifierOptions options) {
        this.options = options;
    }

    public static Filter create(Node options, MiddlewareContext context) {
        return new RequestHeaderModifierMiddleware(HeaderModifierOptions.from(options));
    }

    @Override
    protected void filter(HttpServletRequest request, HttpServletResponse response, FilterChain next)
            throws IOException, ServletException {
        ForwardEdits edits = Exchange.of(request).edits();
        for (HeaderModifierOptions.Header h : options.set()) {
            edits.setRequestHeader(isHost(h.name()) ? "Host" : h.name(), h.value());
        }
        for (HeaderModifierOptions.Header h : options.add()) {
            if (!isHost(h.name())) {
                edits.addRequestHeader(h.name(), h.value());
            }
        }
        for (String name : options.remove()) {
            if (!isHost(name)) {
                edits.removeRequestHeader(name);
            }
        }
        next.doFilter(request, response);
    }

    private static boolean isHost(String name) {
        return name.equalsIgnoreCase("Host");
    }
}
