package io.jetway.server.observe;

import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;

/**
 * A finished exchange as the server shows it, for the {@link ExchangeObserver}: the embedded
 * server fills it from Jetty's own request and response (bytes as read and written, the TLS
 * session), the WAR from the servlet API (declared lengths, the context path in the path, no TLS
 * details). Read once the response is complete, on a container thread; values are looked up on
 * demand, so what neither the metrics nor the access log asks for costs nothing.
 */
interface FinishedExchange {

    /** The entry point's name, for the metrics and the access log. */
    String entryPointName();

    String method();

    /** The first value of a request header, or null. */
    String requestHeader(HttpHeader header);

    /** The request's content type, or null. */
    String contentType();

    /** The Host as received (or the request target's authority), or null. */
    String requestAddr();

    /** The path and query as received. */
    String pathQuery();

    /** HTTP/1.1, HTTP/2... */
    String protocol();

    boolean secure();

    /** The peer's IP address and port. */
    String clientIp();

    int clientPort();

    /** The request body's size: read, or declared when the server does not count. */
    long requestBytes();

    int status();

    /** The response body's size: written, or declared when the server does not count. */
    long responseBytes();

    /** The TLS protocol ({@code TLSv1.3}), or null without TLS or when the server does not tell. */
    String tlsProtocol();

    /** The TLS cipher suite, or null without TLS or when the server does not tell. */
    String tlsCipher();

    /** The request's headers; asked only when the access log shows headers. */
    HttpFields requestHeaders();

    /** The response's headers; asked only when the access log shows headers. */
    HttpFields responseHeaders();
}
