package io.jetway.middleware;

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
 * and headers set or removed on either side. One per request (a request attribute), created only
 * when a middleware edits something, read by later middlewares and applied by the proxy. The
 * servlet request itself stays as received, because Jetty's async proxy works on the container's
 * request and response, not on wrappers.
 */
public final class ForwardEdits {

    private static final String ATTRIBUTE = ForwardEdits.class.getName();

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
    private boolean detectContentType;
    private ResponseBodyTransformer responseBodyTransformer;
    /** Outermost first. */
    private List<ErrorPages> errorPages = List.of();

    private record Header(String name, List<String> values) {
    }

    private ForwardEdits() {
    }

    /** The request's edits, created on first use. */
    public static ForwardEdits of(HttpServletRequest request) {
        Object edits = request.getAttribute(ATTRIBUTE);
        if (edits instanceof ForwardEdits e) {
            return e;
        }
        ForwardEdits created = new ForwardEdits();
        request.setAttribute(ATTRIBUTE, created);
        return created;
    }

    /** The request's edits, or null when no middleware changed anything. */
    public static ForwardEdits find(HttpServletRequest request) {
        return request.getAttribute(ATTRIBUTE) instanceof ForwardEdits e ? e : null;
    }

    /** The path to forward, still escaped: the received one unless a middleware replaced it. */
    public static String path(HttpServletRequest request) {
        ForwardEdits edits = find(request);
        return edits != null && edits.rawPath != null ? edits.rawPath : request.getRequestURI();
    }

    /** The query to forward (without '?'), or null. */
    public static String query(HttpServletRequest request) {
        ForwardEdits edits = find(request);
        return edits != null && edits.queryEdited ? edits.rawQuery : request.getQueryString();
    }

    /** The request header's values as they will be forwarded. */
    public static List<String> requestHeader(HttpServletRequest request, String name) {
        ForwardEdits edits = find(request);
        Header edited = edits == null ? null : edits.requestHeaders.get(name.toLowerCase(Locale.ROOT));
        if (edited != null) {
            return edited.values();
        }
        return Collections.list(request.getHeaders(name));
    }

    /** Whether a middleware set, added or removed this request header. */
    public static boolean requestHeaderEdited(HttpServletRequest request, String name) {
        ForwardEdits edits = find(request);
        return edits != null && edits.requestHeaders.containsKey(name.toLowerCase(Locale.ROOT));
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

    public void addRequestHeader(HttpServletRequest request, String name, String value) {
        List<String> values = new ArrayList<>(requestHeader(request, name));
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

    /** Asks the proxy to name the type of a response that has none from its first bytes. */
    public void detectContentType() {
        detectContentType = true;
    }

    public boolean detectsContentType() {
        return detectContentType;
    }

    /** Asks the proxy to pass the response body through the transformer (compress). */
    public void transformResponseBody(ResponseBodyTransformer transformer) {
        this.responseBodyTransformer = transformer;
    }

    /** The transformer of the response body, or null. */
    public ResponseBodyTransformer responseBodyTransformer() {
        return responseBodyTransformer;
    }

    /**
     * Asks the proxy to answer with a page of an errors middleware's service when the response's
     * status is one it catches.
     */
    public void replaceErrorPages(ErrorPages pages) {
        List<ErrorPages> all = new ArrayList<>(errorPages);
        all.add(pages);
        errorPages = List.copyOf(all);
    }

    /**
     * The errors middleware that answers a response of this status, or null: the outermost one
     * that catches it, since in Traefik it sees the status last and its page is what goes out.
     */
    public ErrorPages errorPagesFor(int status) {
        for (ErrorPages pages : errorPages) {
            if (pages.catches(status)) {
                return pages;
            }
        }
        return null;
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
