package io.jetway.routing.tcp;

import io.jetway.routing.rule.ArgumentProblem;

import java.util.List;

/** `ALPN(protocol, ...)`: true when the ClientHello offers one of the protocols (v3 takes one, v2 several). */
record AlpnMatcher(List<String> protocols) implements TcpMatcher {

    /** TLS-ALPN-01 challenges belong to the ACME resolver, never to a router. */
    static final String ACME_TLS = "acme-tls/1";

    AlpnMatcher {
        protocols = List.copyOf(protocols);
    }

    static AlpnMatcher of(List<String> written) {
        if (written.contains(ACME_TLS)) {
            throw new ArgumentProblem("\"" + ACME_TLS + "\" is not allowed: it is reserved for ACME TLS-ALPN-01 challenges");
        }
        return new AlpnMatcher(written);
    }

    @Override
    public String whyNot(TcpConnectionInfo connection) {
        if (matches(connection)) {
            return null;
        }
        return describe() + " did not match: " + (connection.alpn().isEmpty() ? "no ALPN offered"
                : "the ClientHello offers " + String.join(", ", connection.alpn()));
    }

    @Override
    public String describe() {
        return TcpMatcher.call("ALPN", protocols);
    }

    @Override
    public boolean matches(TcpConnectionInfo connection) {
        List<String> offered = connection.alpn();
        for (int i = 0; i < offered.size(); i++) {
            if (protocols.contains(offered.get(i))) {
                return true;
            }
        }
        return false;
    }
}
