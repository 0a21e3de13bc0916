package io.jetway.server.entry;

import io.jetway.tls.TlsSessions;
import io.jetway.tls.TlsState;
import org.eclipse.jetty.io.EndPoint;

/**
 * Domain fronting: a request whose Host maps to other TLS options than the server name its
 * connection was established for would bypass those options (client certificates, versions).
 * Such a request is answered 421 Misdirected Request.
 */
final class DomainFronting {

    private DomainFronting() {
    }

    /**
     * @param session the connection's TLS session data (the request attribute
     *                {@link EndPoint.SslSessionData#ATTRIBUTE}), or anything else when there is none
     * @param host    the request's host, without its port
     */
    static boolean misdirected(Object session, String host, TlsState tls) {
        if (!(session instanceof EndPoint.SslSessionData data) || data.sslSession() == null) {
            return false;
        }
        String serverName = TlsSessions.serverName(data.sslSession());
        if (host.equalsIgnoreCase(serverName)) {
            return false;
        }
        return !tls.optionsForHost(host).equals(tls.optionsForHost(serverName));
    }
}
