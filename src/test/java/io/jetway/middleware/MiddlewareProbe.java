package io.jetway.middleware;

import io.jetway.exchange.Exchange;
import io.jetway.kube.Node;
import jakarta.servlet.Filter;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.ByteArrayOutputStream;
import java.io.PrintWriter;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Runs one middleware on an in-memory request, without a server: what it answered itself, or
 * whether it passed the request on and what it asked of the proxy through the {@link Exchange}.
 * For unit tests of middleware kinds; the end-to-end tests cover them on real sockets.
 *
 * <pre>{@code
 * MiddlewareProbe probe = MiddlewareProbe.get("/api/users").header("Host", "a.test");
 * probe.run(StripPrefixMiddleware.create(options, MiddlewareProbe.context()));
 * assertTrue(probe.passedOn());
 * assertEquals("/users", probe.exchange().path());
 * }</pre>
 */
public final class MiddlewareProbe {

    private final String method;
    private final String path;
    private String query;
    private String remoteAddr = "192.0.2.10";
    private boolean secure;
    private final Map<String, List<String>> headers = new LinkedHashMap<>();
    private final Map<String, Object> attributes = new HashMap<>();
    private byte[] body = new byte[0];

    private int status = 200;
    private final Map<String, List<String>> responseHeaders = new LinkedHashMap<>();
    private final ByteArrayOutputStream responseBody = new ByteArrayOutputStream();
    private boolean passedOn;
    private HttpServletRequest request;

    private MiddlewareProbe(String method, String pathAndQuery) {
        this.method = method;
        int q = pathAndQuery.indexOf('?');
        this.path = q < 0 ? pathAndQuery : pathAndQuery.substring(0, q);
        this.query = q < 0 ? null : pathAndQuery.substring(q + 1);
    }

    public static MiddlewareProbe get(String pathAndQuery) {
        return new MiddlewareProbe("GET", pathAndQuery);
    }

    public static MiddlewareProbe request(String method, String pathAndQuery) {
        return new MiddlewareProbe(method, pathAndQuery);
    }

    public MiddlewareProbe header(String name, String value) {
        headers.computeIfAbsent(name.toLowerCase(Locale.ROOT), k -> new ArrayList<>()).add(value);
        return this;
    }

    public MiddlewareProbe remoteAddr(String address) {
        this.remoteAddr = address;
        return this;
    }

    public MiddlewareProbe secure() {
        this.secure = true;
        return this;
    }

    public MiddlewareProbe body(String text) {
        this.body = text.getBytes(StandardCharsets.UTF_8);
        return this;
    }

    /** Runs the middleware; the next link records that it was reached. */
    public MiddlewareProbe run(Filter middleware) throws Exception {
        HttpServletRequest req = request();
        middleware.doFilter(req, response(), (rq, rs) -> passedOn = true);
        return this;
    }

    /** Whether the middleware called the next link (the proxy) instead of answering. */
    public boolean passedOn() {
        return passedOn;
    }

    /** The status the middleware answered with (200 when it did not set one). */
    public int status() {
        return status;
    }

    /** A response header the middleware set, or null. */
    public String responseHeader(String name) {
        List<String> values = responseHeaders.get(name.toLowerCase(Locale.ROOT));
        return values == null || values.isEmpty() ? null : values.get(0);
    }

    /** Every value of a response header the middleware wrote, in order. */
    public List<String> responseHeaders(String name) {
        return List.copyOf(responseHeaders.getOrDefault(name.toLowerCase(Locale.ROOT), List.of()));
    }

    public String responseBody() {
        return responseBody.toString(StandardCharsets.UTF_8);
    }

    /** What the middleware asked of the proxy. */
    public Exchange exchange() {
        return Exchange.of(request());
    }

    /** The in-memory request (created on first use). */
    public HttpServletRequest request() {
        if (request == null) {
            request = newRequest();
        }
        return request;
    }

    /** A context for building middlewares that need no other middleware, no service and no state across reloads. */
    public static MiddlewareContext context() {
        return context("test@file");
    }

    public static MiddlewareContext context(String name) {
        return new MiddlewareContext() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public Filter middleware(String other, String field) {
                throw new Node.InvalidFieldException(field, "no middleware " + other + " in this test");
            }

            @Override
            public io.jetway.service.ServiceHandler service(String other, String field) {
                throw new Node.InvalidFieldException(field, "no service " + other + " in this test");
            }

            @Override
            public <T> T state(String key, Supplier<T> initial) {
                return initial.get();
            }
        };
    }

    private HttpServletRequest newRequest() {
        return (HttpServletRequest) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {HttpServletRequest.class}, (proxy, m, args) -> switch (m.getName()) {
                    case "getMethod" -> method;
                    case "getRequestURI" -> path;
                    case "getQueryString" -> query;
                    case "getContextPath", "getServletPath" -> "";
                    case "getProtocol" -> "HTTP/1.1";
                    case "getScheme" -> secure ? "https" : "http";
                    case "isSecure" -> secure;
                    case "getRemoteAddr" -> remoteAddr;
                    case "getRemotePort" -> 50000;
                    case "getServerName" -> hostName();
                    case "getServerPort" -> secure ? 443 : 80;
                    case "getLocalPort" -> 8000;
                    case "getRequestURL" -> new StringBuffer((secure ? "https://" : "http://") + hostName() + path);
                    case "getHeader" -> first(headers, (String) args[0]);
                    case "getHeaders" -> Collections.enumeration(
                            headers.getOrDefault(((String) args[0]).toLowerCase(Locale.ROOT), List.of()));
                    case "getHeaderNames" -> Collections.enumeration(headers.keySet());
                    case "getContentType" -> first(headers, "content-type");
                    case "getContentLength" -> body.length;
                    case "getContentLengthLong" -> (long) body.length;
                    case "getAttribute" -> attributes.get((String) args[0]);
                    case "setAttribute" -> {
                        attributes.put((String) args[0], args[1]);
                        yield null;
                    }
                    case "removeAttribute" -> attributes.remove((String) args[0]);
                    case "getAttributeNames" -> Collections.enumeration(attributes.keySet());
                    case "getInputStream" -> new BytesInput(body);
                    case "isAsyncStarted" -> false;
                    case "toString" -> method + " " + path;
                    case "hashCode" -> System.identityHashCode(proxy);
                    case "equals" -> proxy == args[0];
                    default -> throw new UnsupportedOperationException("MiddlewareProbe request: " + m.getName());
                });
    }

    private String hostName() {
        String host = first(headers, "host");
        if (host == null) {
            return "localhost";
        }
        int colon = host.lastIndexOf(':');
        return colon > 0 && host.indexOf(']') < colon ? host.substring(0, colon) : host;
    }

    private HttpServletResponse response() {
        return (HttpServletResponse) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {HttpServletResponse.class}, (proxy, m, args) -> switch (m.getName()) {
                    case "setStatus" -> {
                        status = (int) args[0];
                        yield null;
                    }
                    case "sendError" -> {
                        status = (int) args[0];
                        yield null;
                    }
                    case "sendRedirect" -> {
                        status = 302;
                        put((String) "Location", (String) args[0]);
                        yield null;
                    }
                    case "getStatus" -> status;
                    case "setHeader" -> {
                        if (args[1] == null) {
                            responseHeaders.remove(((String) args[0]).toLowerCase(Locale.ROOT));
                        } else {
                            put((String) args[0], (String) args[1]);
                        }
                        yield null;
                    }
                    case "addHeader" -> {
                        responseHeaders.computeIfAbsent(((String) args[0]).toLowerCase(Locale.ROOT), k -> new ArrayList<>())
                                .add((String) args[1]);
                        yield null;
                    }
                    case "setIntHeader" -> {
                        put((String) args[0], String.valueOf(args[1]));
                        yield null;
                    }
                    case "setContentType" -> {
                        put("Content-Type", (String) args[0]);
                        yield null;
                    }
                    case "setContentLength", "setContentLengthLong" -> {
                        put("Content-Length", String.valueOf(args[0]));
                        yield null;
                    }
                    case "setCharacterEncoding", "flushBuffer", "setBufferSize", "reset", "resetBuffer" -> null;
                    case "getHeader" -> first(responseHeaders, (String) args[0]);
                    case "getHeaders" -> responseHeaders.getOrDefault(((String) args[0]).toLowerCase(Locale.ROOT), List.of());
                    case "getHeaderNames" -> responseHeaders.keySet();
                    case "containsHeader" -> responseHeaders.containsKey(((String) args[0]).toLowerCase(Locale.ROOT));
                    case "getContentType" -> first(responseHeaders, "content-type");
                    case "isCommitted" -> false;
                    case "getOutputStream" -> new BytesOutput(responseBody);
                    case "getWriter" -> new PrintWriter(responseBody, true, StandardCharsets.UTF_8);
                    case "toString" -> "response " + status;
                    case "hashCode" -> System.identityHashCode(proxy);
                    case "equals" -> proxy == args[0];
                    default -> throw new UnsupportedOperationException("MiddlewareProbe response: " + m.getName());
                });
    }

    private void put(String name, String value) {
        List<String> values = new ArrayList<>();
        values.add(value);
        responseHeaders.put(name.toLowerCase(Locale.ROOT), values);
    }

    private static String first(Map<String, List<String>> map, String name) {
        List<String> values = map.get(name.toLowerCase(Locale.ROOT));
        return values == null || values.isEmpty() ? null : values.get(0);
    }

    private static final class BytesOutput extends ServletOutputStream {
        private final ByteArrayOutputStream out;

        BytesOutput(ByteArrayOutputStream out) {
            this.out = out;
        }

        @Override
        public void write(int b) {
            out.write(b);
        }

        @Override
        public boolean isReady() {
            return true;
        }

        @Override
        public void setWriteListener(WriteListener listener) {
            throw new UnsupportedOperationException("blocking only");
        }
    }

    private static final class BytesInput extends jakarta.servlet.ServletInputStream {
        private final java.io.ByteArrayInputStream in;

        BytesInput(byte[] bytes) {
            this.in = new java.io.ByteArrayInputStream(bytes);
        }

        @Override
        public int read() {
            return in.read();
        }

        @Override
        public boolean isFinished() {
            return in.available() == 0;
        }

        @Override
        public boolean isReady() {
            return true;
        }

        @Override
        public void setReadListener(jakarta.servlet.ReadListener listener) {
            throw new UnsupportedOperationException("blocking only");
        }
    }
}
