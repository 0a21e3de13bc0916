package io.jetway.middleware.gatewayapi;

import io.jetway.exchange.Exchange;
import io.jetway.exchange.ForwardEdits;
import io.jetway.kube.Node;
import io.jetway.middleware.EditedResponse;
import io.jetway.middleware.HttpMiddleware;
import io.jetway.middleware.MiddlewareContext;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * {@code gatewayResponseHeaderModifier}: the HTTPRoute's ResponseHeaderModifier filter. The
 * response's headers, the backend's or an answer given in this process after this middleware
 * (a redirect, a 503), are set, added to, then removed, as Traefik's response modifier does.
 *
 * <p>The proxy applies a request's response edits as replacements and removals first and
 * additions after them, so the three steps are folded per header when the middleware is built:
 * a removed header is only removed; a set one is replaced by its value followed by the values
 * added; one only added keeps the response's values and gets the added ones after them.
 */
public final class ResponseHeaderModifierMiddleware extends HttpMiddleware {

    /** What happens to one header (by lower-case name), in the spelling first written. */
    private record Edit(String name, boolean removed, String setValue, List<String> added) {
    }

    private final List<Edit> edits;

    public ResponseHeaderModifierMiddleware(HeaderModifierOptions options) {
        Set<String> removed = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);
        removed.addAll(options.remove());
        Map<String, String> names = new LinkedHashMap<>();
        Map<String, String> setValues = new LinkedHashMap<>();
        Map<String, List<String>> added = new LinkedHashMap<>();
        for (HeaderModifierOptions.Header h : options.set()) {
            String key = h.name().toLowerCase(Locale.ROOT);
            names.putIfAbsent(key, h.name());
            setValues.put(key, h.value());
        }
        for (HeaderModifierOptions.Header h : options.add()) {
            String key = h.name().toLowerCase(Locale.ROOT);
            names.putIfAbsent(key, h.name());
            added.computeIfAbsent(key, k -> new ArrayList<>()).add(h.value());
        }
        for (String name : options.remove()) {
            names.putIfAbsent(name.toLowerCase(Locale.ROOT), name);
        }
        List<Edit> folded = new ArrayList<>();
        names.forEach((key, name) -> folded.add(new Edit(name, removed.contains(name), setValues.get(key),
                List.copyOf(added.getOrDefault(key, List.of())))));
        this.edits = List.copyOf(folded);
    }

    public static Filter create(Node options, MiddlewareContext context) {
        return new ResponseHeaderModifierMiddleware(HeaderModifierOptions.from(options));
    }

    @Override
    protected void filter(HttpServletRequest request, HttpServletResponse response, FilterChain next)
            throws IOException, ServletException {
        ForwardEdits forward = Exchange.of(request).edits();
        for (Edit e : edits) {
            if (e.removed()) {
                forward.removeResponseHeader(e.name());
                continue;
            }
            if (e.setValue() != null) {
                forward.setResponseHeader(e.name(), e.setValue());
            }
            e.added().forEach(value -> forward.addResponseHeader(e.name(), value));
        }
        EditedResponse.passOn(request, response, next);
    }
}
