package io.jetway.exchange;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.eclipse.jetty.http.HttpFields;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What middlewares changed about the request to forward and the response to return: path, query,
 * and headers set or removed on either side. Part of the request's {@link Exchange}, created only
 * when a middleware edits something, read by later middlewares and applied by the proxy. The
 * servlet request itself stays as received, because Jetty's async proxy works on the container's
 * request and response, not on wrappers.
 */
public final class ForwardEdits {

    private final HttpServletRequest request;
    private String rawPath;
    private String rawQuery;
    private boolean queryEdited;
    /** Lower-case name to the header's new values; an empty list removes it. */
    private final Map<String, Header> requestHeaders = new LinkedHashMap<>();
    private final Map<String, Header> responseHeaders = new LinkedHashMap<>();
    /** Response headers added to what the backend sent (after the edits above), e.g. Set-Cookie. */
    private final List<Header> responseAdditions = new ArrayList<>();
    /** Tokens added to comma-separated response headers (Vary), after the edits above. */
    private final Map<String, Header> responseTokens = new LinkedHashMap<>();

    private record Header(String name, List<String> values) {
    }

    /** @param request the request as received, for what no middleware changed */
    ForwardEdits(HttpServletRequest request) {
        this.request = request;
    }

    /** The path to forward, still escaped: the received one unless a middleware replaced it. */
    public String path() {
        return rawPath != null ? rawPath : request.getRequestURI();
    }

    /** The query to forward (without '?'), or null. */
    public String query() {
        return queryEdited ? rawQuery : request.getQueryString();
    }

    /** The request header's values as they will be forwarded. */
    public List<String> requestHeader(String name) {
        Header edited = requestHeaders.get(name.toLowerCase(Locale.ROOT));
        if (edited != null) {
            return edited.values();
        }
        return Collections.list(request.getHeaders(name));
    }

    /** Whether a middleware set, added or removed this request header. */
    public boolean requestHeaderEdited(String name) {
        return requestHeaders.containsKey(name.toLowerCase(Locale.ROOT));
    }

    public void setPath(String rawPath) {
        this.rawPath = rawPath;
    }

    public void setQuery(String rawQuery) {
        this.rawQuery = rawQuery;
        this.queryEdited = true;
    }

    public void setRequestHeader(String name, String value) {
        requestHeaders.put(name.toLowerCase(Locale.ROOT), new Header(name, List.of(value)));
    }

    public void addRequestHeader(String name, String value) {
        List<String> values = new ArrayList<>(requestHeader(name));
        values.add(value);
        requestHeaders.put(name.toLowerCase(Locale.ROOT), new Header(name, List.copyOf(values)));
    }
    public void removeRequestHeader(String name) {
        requestHeaders.put(name.toLowerCase(Locale.ROOT), new Header(name, List.of()));
    }

    public void setResponseHeader(String name, String value) {
        responseHeaders.put(name.toLowerCase(Locale.ROOT), new Header(name, List.of(value)));
    }

    public void removeResponseHeader(String name) {
        responseHeaders.put(name.toLowerCase(Locale.ROOT), new Header(name, List.of()));
    }

    public void addResponseHeader(String name, String value) {
        responseAdditions.add(new Header(name, List.of(value)));
    }

    /**
     * Adds a token to a comma-separated response header ({@code Vary: Origin}) unless the header
     * lists it already, keeping what the backend sent.
     */
    public void addResponseHeaderToken(String name, String token) {
        responseTokens.put(name.toLowerCase(Locale.ROOT), new Header(name, List.of(token)));
    }

    /** Applies the request-header edits to the headers about to be forwarded. */
    public void applyToRequest(HttpFields.Mutable headers) {
        apply(requestHeaders, headers);
    }

    /** Applies the response-header edits to the headers about to be returned. */
    public void applyToResponse(HttpFields.Mutable headers) {
        apply(responseHeaders, headers);
        for (Header h : responseAdditions) {
            h.values().forEach(value -> headers.add(h.name(), value));
        }
        for (Header h : responseTokens.values()) {
            String current = headers.get(h.name());
            String merged = withToken(current, h.values().get(0));
            if (merged != null) {
                headers.put(h.name(), merged);
            }
        }
    }

    /** The same through the servlet API, for containers other than Jetty. */
    public void applyToResponse(HttpServletResponse response) {
        for (Header h : responseHeaders.values()) {
            response.setHeader(h.name(), null); // removes it (Servlet 6)
            for (String value : h.values()) {
                response.addHeader(h.name(), value);
            }
        }
        for (Header h : responseAdditions) {
            h.values().forEach(value -> response.addHeader(h.name(), value));
        }
        for (Header h : responseTokens.values()) {
            String merged = withToken(response.getHeader(h.name()), h.values().get(0));
            if (merged != null) {
                response.setHeader(h.name(), merged);
            }
        }
    }

    /** The header's first value with the token appended, or null when it lists the token already. */
    private static String withToken(String current, String token) {
        if (current == null || current.isBlank()) {
            return token;
        }
        for (String listed : current.split(",")) {
            if (listed.trim().equalsIgnoreCase(token)) {
                return null;
            }
        }
        return current + "," + token;
    }

    private static void apply(Map<String, Header> edits, HttpFields.Mutable headers) {
        for (Header h : edits.values()) {
            headers.remove(h.name());
            for (String value : h.values()) {
                headers.add(h.name(), value);
            }
        }
    }
}
