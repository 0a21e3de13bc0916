package io.jetway.server.proxy;

import io.jetway.dynamic.ServersTransport;
import io.jetway.exchange.Exchange;
import io.jetway.service.Backend;
import org.eclipse.jetty.client.Request;
import org.eclipse.jetty.http.HttpVersion;

/** Which HTTP version a request to a backend uses; the backend clients speak both. */
final class BackendProtocol {

    private BackendProtocol() {
    }

    static void apply(Request request, Backend backend) {
        String base = backend.baseUrl();
        ServersTransport transport = backend.transport();
        if (base.startsWith("h2c:")) {
            request.version(HttpVersion.HTTP_2); // cleartext HTTP/2 with prior knowledge
        } else if (!base.startsWith("https:") || (transport != null && transport.disableHTTP2())) {
            request.version(HttpVersion.HTTP_1_1);
        } // else https: ALPN picks h2 or http/1.1
    }

    /**
     * The URL of the request as the exchange forwards it to a backend: the path and query still
     * escaped, as received or as a middleware rewrote them.
     */
    static String target(Backend backend, Exchange exchange) {
        String base = wireUrl(backend.baseUrl());
        String query = exchange.query();
        return query == null ? base + exchange.path() : base + exchange.path() + "?" + query;
    }

    /** The URL to give the client: h2c is http on the wire, the request's version says HTTP/2. */
    static String wireUrl(String url) {
        return url.startsWith("h2c:") ? "http:" + url.substring(4) : url;
    }
}
