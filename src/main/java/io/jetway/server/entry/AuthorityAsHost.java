package io.jetway.server.entry;

import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpVersion;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.Request;

/**
 * HTTP/2 carries the host as the {@code :authority} pseudo-header, which Jetty keeps in the URI,
 * not as a Host header. Go's server (so Traefik) makes it the request's Host; this does the same
 * before anything reads the request, so routing, passHostHeader, X-Forwarded-Host, middlewares and
 * the access log see one Host whatever the protocol. A Host header that differs from the
 * {@code :authority} is replaced by it (RFC 9113, 8.3.1).
 */
public final class AuthorityAsHost implements HttpConfiguration.Customizer {

    @Override
    public Request customize(Request request, HttpFields.Mutable responseHeaders) {
        HttpVersion version = request.getConnectionMetaData().getHttpVersion();
        if (version != HttpVersion.HTTP_2 && version != HttpVersion.HTTP_3) {
            return request;
        }
        String authority = request.getHttpURI().getAuthority();
        HttpFields received = request.getHeaders();
        if (authority == null || authority.isEmpty() || authority.equals(received.get(HttpHeader.HOST))) {
            return request;
        }
        HttpFields.Mutable headers = HttpFields.build(received.size() + 1);
        headers.add(HttpHeader.HOST, authority);
        for (HttpField field : received) {
            if (field.getHeader() != HttpHeader.HOST) {
                headers.add(field);
            }
        }
        HttpFields withHost = headers.asImmutable();
        return new Request.Wrapper(request) {
            @Override
            public HttpFields getHeaders() {
                return withHost;
            }
        };
    }
}
