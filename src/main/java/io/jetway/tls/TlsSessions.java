package io.jetway.tls;

import javax.net.ssl.SSLSession;

/** What requests need to know about the TLS session they arrived on. */
public final class TlsSessions {

    private TlsSessions() {
    }

    /** The server name (SNI) the client asked for, or null without one. */
    public static String serverName(SSLSession session) {
        return SniKeyManager.serverName(session);
    }
}
