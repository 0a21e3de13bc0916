package io.jetway.middleware.forwardauth;

import io.jetway.exchange.Exchange;
import io.jetway.exchange.ForwardEdits;
import io.jetway.http.HopByHopHeaders;
import io.jetway.kube.Node;
import io.jetway.middleware.HttpMiddleware;
import io.jetway.middleware.MiddlewareContext;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.eclipse.jetty.client.CompletableResponseListener;
import org.eclipse.jetty.client.ContentResponse;
import org.eclipse.jetty.client.Request;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpFields;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * {@code forwardAuth}: asks an auth server about each request before it goes on. The check is a
 * GET to {@code address} (the request's method with {@code preserveRequestMethod}) carrying the
 * request's headers and X-Forwarded-Method/-Proto/-Host/-Uri/-For. A 2xx answer lets the request
 * continue with the listed answer headers copied onto it; any other answer goes back to the client
 * as it came (a relative Location made absolute against the address unless
 * {@code preserveLocationHeader}); an auth server that cannot be reached gives 500. The call
 * blocks the request thread, bounded by a timeout, before the proxy starts its async exchange.
 */
public final class ForwardAuthMiddleware extends HttpMiddleware {

    private static final Logger LOG = LoggerFactory.getLogger(ForwardAuthMiddleware.class);
    /** Go's client timeout in Traefik's forwardAuth. */
    private static final long TIMEOUT_SECONDS = 30;
    private static final int MAX_AUTH_BODY = 4 * 1024 * 1024;
    /**
     * Not passed back from the auth server: the hop-by-hop headers, plus Trailers that Traefik's
     * forwardAuth list names besides; Proxy-Connection has always passed here.
     */
    private static final Set<String> HOP_BY_HOP = HopByHopHeaders.adjusted(Set.of("trailers"), Set.of("proxy-connection"));
    /** Not passed to the auth server: those, plus what the client sets itself. */
    private static final Set<String> NOT_COPIED = HopByHopHeaders.adjusted(
            Set.of("trailers", "host", "content-length", "expect"), Set.of("proxy-connection"));

    private final ForwardAuthOptions settings;
    private final URI address;
    /** Servers of the Service the address names (resolved by the translator), in turn; empty: DNS. */
    private final List<String> endpoints;
    private final AtomicInteger nextEndpoint = new AtomicInteger();
    private final AuthClient client;

    ForwardAuthMiddleware(ForwardAuthOptions settings, AuthClient client) {
        this.settings = settings;
        this.address = settings.address();
        this.endpoints = settings.addressEndpoints();
        this.client = client;
    }

    /** The options are read and checked before the client starts. */
    public static Filter create(Node options, MiddlewareContext context) {
        ForwardAuthOptions settings = ForwardAuthOptions.from(options);
        try {
            return new ForwardAuthMiddleware(settings, context.state("client", () -> AuthClient.start(settings.tls())));
        } catch (IllegalArgumentException e) {
            throw new Node.InvalidFieldException(options.get("tls").path(), e.getMessage());
        }
    }

    @Override
    protected void filter(HttpServletRequest request, HttpServletResponse response, FilterChain next)
            throws IOException, ServletException {
        ContentResponse answer;
        try {
            answer = check(request);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            response.sendError(500);
            return;
        } catch (ExecutionException | TimeoutException | RuntimeException e) {
            LOG.debug("event=forwardauth-failed address={} msg=\"{}\"", address, e.toString());
            response.setStatus(500);
            response.setContentLength(0);
            return;
        }
        int status = answer.getStatus();
        if (status < 200 || status >= 300) {
            deny(response, answer);
            return;
        }
        allow(request, answer);
        next.doFilter(request, response);
    }

    private ContentResponse check(HttpServletRequest request) throws InterruptedException, ExecutionException, TimeoutException {
        String target = address.toString();
        if (!endpoints.isEmpty()) {
            String endpoint = endpoints.get(Math.floorMod(nextEndpoint.getAndIncrement(), endpoints.size()));
            target = endpoint + (address.getRawPath() == null || address.getRawPath().isEmpty() ? "/" : address.getRawPath())
                    + (address.getRawQuery() == null ? "" : "?" + address.getRawQuery());
        }
        Request check = client.http().newRequest(target)
                .method(settings.preserveRequestMethod() ? request.getMethod() : "GET")
                .timeout(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        HttpFields.Mutable headers = authRequestHeaders(request);
        if (!endpoints.isEmpty()) {
            headers.put("Host", address.getRawAuthority());
        }
        check.headers(h -> h.add(headers));
        return new CompletableResponseListener(check, MAX_AUTH_BODY).send().get(TIMEOUT_SECONDS + 1, TimeUnit.SECONDS);
    }

    /** Traefik's: the request's headers (or only authRequestHeaders), then the X-Forwarded-* set. */
    private HttpFields.Mutable authRequestHeaders(HttpServletRequest request) {
        boolean peerTrusted = Exchange.of(request).forwardedHeadersTrusted(request.getRemoteAddr());
        boolean trusted = settings.trustForwardHeader() && peerTrusted;
        HttpFields.Mutable headers = HttpFields.build();
        Set<String> connectionTokens = HopByHopHeaders.connectionNamed(request.getHeaders("Connection"));
        for (String name : Collections.list(request.getHeaderNames())) {
            String lower = name.toLowerCase(Locale.ROOT);
            if (NOT_COPIED.contains(lower) || connectionTokens.contains(lower)
                    || (!peerTrusted && (lower.startsWith("x-forwarded-") || lower.equals("x-real-ip")))) {
                continue;
            }
            if (!settings.authRequestHeaders().isEmpty() && settings.authRequestHeaders().stream().noneMatch(name::equalsIgnoreCase)) {
                continue;
            }
            for (String value : Exchange.of(request).requestHeader(name)) {
                headers.add(name, value);
            }
        }
        String remote = request.getRemoteAddr();
        List<String> priorFor = Collections.list(request.getHeaders("X-Forwarded-For"));
        headers.put("X-Forwarded-For", trusted && !priorFor.isEmpty() ? String.join(", ", priorFor) + ", " + remote : remote);
        headers.put("X-Forwarded-Method", forwarded(request, trusted, "X-Forwarded-Method", request.getMethod()));
        headers.put("X-Forwarded-Proto", forwarded(request, trusted, "X-Forwarded-Proto", request.isSecure() ? "https" : "http"));
        String port = request.getHeader("X-Forwarded-Port");
        if (trusted && port != null && !port.isEmpty()) {
            headers.put("X-Forwarded-Port", port);
        }
        putOrRemove(headers, "X-Forwarded-Host", forwarded(request, trusted, "X-Forwarded-Host", request.getHeader("Host")));
        String query = Exchange.of(request).query();
        String uri = Exchange.of(request).path() + (query == null ? "" : "?" + query);
        headers.put("X-Forwarded-Uri", forwarded(request, trusted, "X-Forwarded-Uri", uri));
        return headers;
    }

    private static String forwarded(HttpServletRequest request, boolean trusted, String name, String own) {
        String sent = request.getHeader(name);
        return trusted && sent != null && !sent.isEmpty() ? sent : own;
    }

    private static void putOrRemove(HttpFields.Mutable headers, String name, String value) {
        if (value == null || value.isEmpty()) {
            headers.remove(name);
        } else {
            headers.put(name, value);
        }
    }

    /** The auth server's answer goes back as it is: status, headers (not hop-by-hop) and body. */
    private void deny(HttpServletResponse response, ContentResponse answer) throws IOException {
        for (HttpField field : answer.getHeaders()) {
            String lower = field.getLowerCaseName();
            if (!HOP_BY_HOP.contains(lower) && !lower.equals("content-length") && !lower.equals("location")) {
                response.addHeader(field.getName(), field.getValue());
            }
        }
        String location = answer.getHeaders().get("Location");
        if (location != null && !location.isEmpty()) {
            response.setHeader("Location", settings.preserveLocationHeader() ? location : absolute(location));
        }
        byte[] body = answer.getContent();
        response.setStatus(answer.getStatus());
        response.setContentLength(body.length);
        if (body.length > 0) {
            response.getOutputStream().write(body);
        }
    }

    /** A relative Location resolved against the address, as Go's Response.Location() does. */
    private String absolute(String location) {
        try {
            return address.resolve(new URI(location)).toString();
        } catch (URISyntaxException | IllegalArgumentException e) {
            return location;
        }
    }

    /** A 2xx answer: the configured headers replace the request's, listed cookies go to the client. */
    private void allow(HttpServletRequest request, ContentResponse answer) {
        HttpFields received = answer.getHeaders();
        if (!settings.authResponseHeaders().isEmpty()) {
            ForwardEdits edits = Exchange.of(request).edits();
            for (String name : settings.authResponseHeaders()) {
                List<String> values = received.getValuesList(name);
                edits.removeRequestHeader(name);
                for (String value : values) {
                    edits.addRequestHeader(name, value);
                }
            }
        }
        if (settings.authResponseHeadersRegex() != null) {
            ForwardEdits edits = Exchange.of(request).edits();
            for (String name : Collections.list(request.getHeaderNames())) {
                if (settings.authResponseHeadersRegex().matcher(canonical(name)).find()) {
                    edits.removeRequestHeader(name);
                }
            }
            for (String name : received.getFieldNamesCollection()) {
                if (settings.authResponseHeadersRegex().matcher(canonical(name)).find()) {
                    edits.removeRequestHeader(name);
                    for (String value : received.getValuesList(name)) {
                        edits.addRequestHeader(name, value);
                    }
                }
            }
        }
        if (!settings.addAuthCookiesToResponse().isEmpty()) {
            for (String cookie : received.getValuesList("Set-Cookie")) {
                if (settings.addAuthCookiesToResponse().contains(cookieName(cookie))) {
                    Exchange.of(request).edits().addResponseHeader("Set-Cookie", cookie);
                }
            }
        }
    }

    private static String cookieName(String setCookie) {
        int eq = setCookie.indexOf('=');
        return (eq < 0 ? setCookie : setCookie.substring(0, eq)).strip();
    }

    /** Go's canonical header key (X-Auth-User), which Traefik matches the regex against. */
    static String canonical(String name) {
        StringBuilder out = new StringBuilder(name.length());
        boolean upper = true;
        for (char c : name.toCharArray()) {
            out.append(upper ? Character.toUpperCase(c) : Character.toLowerCase(c));
            upper = c == '-';
        }
        return out.toString();
    }
}
