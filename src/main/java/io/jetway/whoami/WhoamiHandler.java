package io.jetway.whoami;

import io.jetway.util.GoDuration;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.Fields;

/**
 * The HTTP side of whoami: {@code /health}, {@code /data}, {@code /echo} (bodies), {@code /upload}
 * and, for every other path, the traefik/whoami description of the request.
 */
final class WhoamiHandler extends Handler.Abstract {

    static final String NAME_HEADER = "X-Whoami-Name";
    static final String ECHO_SET_HEADER = "X-Echo-Set-Header";
    private static final String TEXT = "text/plain; charset=utf-8";
    private static final Duration LONGEST_WAIT = Duration.ofHours(1);

    private final String name;
    private final HostInfo host;
    private final java.util.concurrent.atomic.AtomicInteger healthStatus = new java.util.concurrent.atomic.AtomicInteger(HttpStatus.OK_200);

    WhoamiHandler(String name, HostInfo host) {
        this.name = name;
        this.host = host;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        response.getHeaders().put(NAME_HEADER, name);
        String path = Request.getPathInContext(request);
        switch (path) {
            case "/health" -> health(request, response, callback);
            case "/data" -> data(request, response, callback);
            case "/echo" -> echo(request, response, callback);
            case "/upload" -> upload(request, response, callback);
            default -> whoami(request, response, callback);
        }
        return true;
    }

    /** GET or HEAD answer the current health status; POST with a status code in the body sets it, as traefik/whoami. */
    private void health(Request request, Response response, Callback callback) {
        if (HttpMethod.POST.is(request.getMethod())) {
            String body;
            try {
                body = Content.Source.asString(request).trim();
            } catch (java.io.IOException e) {
                callback.failed(e);
                return;
            }
            int status;
            try {
                status = Integer.parseInt(body);
            } catch (NumberFormatException e) {
                status = -1;
            }
            if (status < 100 || status > 599) {
                plain(response, callback, HttpStatus.BAD_REQUEST_400, "the body must be a status code, got \"" + body + "\"\n");
                return;
            }
            healthStatus.set(status);
            plain(response, callback, HttpStatus.OK_200, "health status set to " + status + "\n");
            return;
        }
        if (!HttpMethod.GET.is(request.getMethod()) && !HttpMethod.HEAD.is(request.getMethod())) {
            plain(response, callback, HttpStatus.METHOD_NOT_ALLOWED_405, "use GET, HEAD or POST\n");
            return;
        }
        int status = healthStatus.get();
        plain(response, callback, status, status == HttpStatus.OK_200 ? "OK" : "status " + status + "\n");
    }

    private void data(Request request, Response response, Callback callback) {
        String sizeText = Request.extractQueryParameters(request).getValue("size");
        long size;
        try {
            size = sizeText == null ? 0 : Long.parseLong(sizeText);
        } catch (NumberFormatException notANumber) {
            size = -1;
        }
        if (size < 0) {
            plain(response, callback, HttpStatus.BAD_REQUEST_400, "invalid size \"" + sizeText + "\"\n");
            return;
        }
        response.setStatus(HttpStatus.OK_200);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, TEXT);
        response.getHeaders().put(HttpHeader.CONTENT_LENGTH, size);
        if (size == 0) {
            response.write(true, null, callback);
            return;
        }
        new PatternWriter(response, size, callback).iterate();
    }

    /** Streams the body back as it arrives (WebSocket upgrades on /echo never reach this handler). */
    private void echo(Request request, Response response, Callback callback) {
        if (!hasBodyMethod(request)) {
            plain(response, callback, HttpStatus.BAD_REQUEST_400, "send a POST or PUT body, or a WebSocket upgrade\n");
            return;
        }
        response.setStatus(HttpStatus.OK_200);
        String contentType = request.getHeaders().get(HttpHeader.CONTENT_TYPE);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, contentType == null ? "application/octet-stream" : contentType);
        Content.copy(request, response, callback);
    }

    private void upload(Request request, Response response, Callback callback) {
        if (!hasBodyMethod(request)) {
            plain(response, callback, HttpStatus.METHOD_NOT_ALLOWED_405, "use POST or PUT\n");
            return;
        }
        new UploadDigest(request, response, callback).run();
    }

    private static boolean hasBodyMethod(Request request) {
        return HttpMethod.POST.is(request.getMethod()) || HttpMethod.PUT.is(request.getMethod());
    }

    private void whoami(Request request, Response response, Callback callback) {
        Fields query = Request.extractQueryParameters(request);
        int status = HttpStatus.OK_200;
        Duration wait = Duration.ZERO;
        try {
            String statusText = query.getValue("status");
            if (statusText != null) {
                status = parseStatus(statusText);
            }
            String waitText = query.getValue("wait");
            if (waitText != null) {
                wait = GoDuration.parse(waitText);
                if (wait.compareTo(LONGEST_WAIT) > 0) {
                    throw new IllegalArgumentException("wait longer than " + LONGEST_WAIT.toMinutes() + "m");
                }
            }
        } catch (IllegalArgumentException invalid) {
            plain(response, callback, HttpStatus.BAD_REQUEST_400, invalid.getMessage() + "\n");
            return;
        }
        String description = describe(request);
        echoSetHeaders(request, response);
        int answerStatus = status;
        Runnable answer = () -> plain(response, callback, answerStatus, description);
        if (wait.isZero() || wait.isNegative()) {
            answer.run();
        } else {
            // The scheduler keeps the thread free while waiting, so many slow requests cost nothing.
            request.getComponents().getScheduler().schedule(answer, wait.toNanos(), TimeUnit.NANOSECONDS);
        }
    }

    /**
     * {@code X-Echo-Set-Header: name:value,name:value} adds those response headers, as the Gateway
     * API conformance suite's echo server does (its response-header tests need a backend that sets
     * headers); an entry without a colon is ignored.
     */
    private static void echoSetHeaders(Request request, Response response) {
        for (String entry : request.getHeaders().getValuesList(ECHO_SET_HEADER)) {
            for (String header : entry.split(",")) {
                int colon = header.indexOf(':');
                if (colon > 0) {
                    response.getHeaders().add(header.substring(0, colon).trim(), header.substring(colon + 1).trim());
                }
            }
        }
    }

    private static int parseStatus(String text) {
        try {
            int status = Integer.parseInt(text);
            if (status >= 200 && status <= 599) {
                return status;
            }
        } catch (NumberFormatException notANumber) {
            // reported below
        }
        throw new IllegalArgumentException("invalid status \"" + text + "\" (expected 200-599)");
    }

    private String describe(Request request) {
        StringBuilder text = new StringBuilder(512);
        if (!name.isEmpty()) {
            text.append("Name: ").append(name).append('\n');
        }
        text.append("Hostname: ").append(host.hostname()).append('\n');
        for (String ip : host.ips()) {
            text.append("IP: ").append(ip).append('\n');
        }
        String remoteIp = Request.getRemoteAddr(request);
        text.append("RemoteAddr: ")
                .append(remoteIp.indexOf(':') >= 0 ? "[" + remoteIp + "]" : remoteIp)
                .append(':').append(Request.getRemotePort(request)).append('\n');
        text.append(request.getMethod()).append(' ').append(request.getHttpURI().getPathQuery()).append(' ')
                .append(request.getConnectionMetaData().getProtocol()).append('\n');
        String hostHeader = request.getHeaders().get(HttpHeader.HOST);
        text.append("Host: ").append(hostHeader != null ? hostHeader : request.getHttpURI().getAuthority()).append('\n');
        for (HttpField field : request.getHeaders()) {
            if (field.getHeader() != HttpHeader.HOST) {
                text.append(field.getName()).append(": ").append(field.getValue()).append('\n');
            }
        }
        return text.toString();
    }

    private static void plain(Response response, Callback callback, int status, String body) {
        response.setStatus(status);
        if (status == HttpStatus.NO_CONTENT_204 || status == HttpStatus.NOT_MODIFIED_304) {
            response.write(true, null, callback);
            return;
        }
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, TEXT);
        Content.Sink.write(response, true, body, callback);
    }
}
