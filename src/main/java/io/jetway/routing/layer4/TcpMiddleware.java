package io.jetway.routing.layer4;

import java.net.InetAddress;

/** A MiddlewareTCP compiled: admits or refuses a connection from a client address. */
public interface TcpMiddleware {

    /** What to call when an admitted connection ends. */
    interface Admission {
        Admission NOTHING = () -> {
        };

        void release();
    }

    String name();

    /** Null refuses the connection (it is closed without a byte); else call release when it ends. */
    Admission admit(InetAddress client);

    /**
     * For explanations: why this middleware refuses every connection from the client, without
     * counting one; null when it does not (or, as inFlightConn, depends on what is open now).
     */
    default String whyRefused(InetAddress client) {
        return null;
    }
}
