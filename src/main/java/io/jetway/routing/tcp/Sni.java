package io.jetway.routing.tcp;

/** How explanations name a connection's server name. */
final class Sni {

    private Sni() {
    }

    static String of(TcpConnectionInfo connection) {
        return connection.serverName().isEmpty() ? "a connection without SNI" : "SNI \"" + connection.serverName() + "\"";
    }
}
