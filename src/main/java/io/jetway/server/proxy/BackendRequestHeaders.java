package io.jetway.server.proxy;

import io.jetway.exchange.Exchange;
import io.jetway.exchange.ForwardEdits;
import io.jetway.http.HopByHopHeaders;
import io.jetway.service.Backend;
import jakarta.servlet.http.HttpServletRequest;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;

import java.util.Locale;
import java.util.Set;

/**
 * The headers a request goes to its backend with, as Traefik sends them: the client's, less the
 * hop-by-hop ones (and those its Connection header names) and, from an untrusted peer, its
 * X-Forwarded-*; then Host per passHostHeader, Traefik's X-Forwarded-* (not Jetty's Forwarded
 * and Via), and the middlewares' request edits.
 */
final class BackendRequestHeaders {

    private final String serverHostname;

    /** @param serverHostname this host's name, for X-Forwarded-Server */
    BackendRequestHeaders(String serverHostname) {
        this.serverHostname = serverHostname;
    }

    HttpFields.Mutable of(HttpServletRequest client) {
        Exchange exchange = Exchange.of(client);
        Backend backend = exchange.backend();
        boolean trusted = exchange.forwardedHeadersTrusted(client.getRemoteAddr());
        Set<String> connectionTokens = HopByHopHeaders.connectionNamed(client.getHeaders("Connection"));
        HttpFields.Mutable headers = HeaderCopy.fromRequest(client, name -> !name.equals("host")
                && !HopByHopHeaders.is(name) && !connectionTokens.contains(name)
                && (trusted || !ForwardedHeaders.isForwardingHeader(name)));
        String te = client.getHeader("TE");
        if (te != null && te.toLowerCase(Locale.ROOT).contains("trailers")) {
            headers.put(HttpHeader.TE, "trailers"); // end-to-end meaning for gRPC, kept as Go's proxy does
        }
        String host = client.getHeader("Host");
        headers.put(HttpHeader.HOST, backend.passHostHeader() && host != null ? host : backend.authority());
        ForwardedHeaders.apply(client, headers, serverHostname, false);
        ForwardEdits edits = exchange.editsIfAny();
        if (edits != null) {
            edits.applyToRequest(headers);
        }
        if (exchange.bufferedBody() != null) {
            headers.remove(HttpHeader.EXPECT); // the body is already here: nothing to wait for
        }
        return headers;
    }
}
