package io.jetway.routing.layer4;

/** A TCP service compiled: picks the server of each new connection (Traefik's per-connection WRR). */
public interface TcpBalancer {

    String name();

    /** The next connection's server, or null when there is none (the client connection is closed). */
    TcpTarget next();
}
