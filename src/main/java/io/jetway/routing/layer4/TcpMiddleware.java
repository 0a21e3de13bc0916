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
}
