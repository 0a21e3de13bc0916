package io.jetway.explain;

import io.jetway.net.IpLiterals;
import io.jetway.routing.layer4.TcpDecision;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * A TCP connection described for explanations: what Jetway reads of it before routing.
 *
 * @param clientIp the client address, as the rules see it (the PROXY protocol source when trusted)
 * @param postgres a Postgres SSLRequest comes first
 * @param tls      the (next) bytes are a ClientHello
 * @param sni      the ClientHello's server name, lowercased; "" for none
 * @param alpn     the ClientHello's protocols, in order
 */
public record TcpExplainRequest(String clientIp, boolean postgres, boolean tls, String sni, List<String> alpn) {

    /** A bad value and the request field it came in: {@code tls}, {@code postgres}, {@code sni}, {@code alpn} or {@code clientIp}. */
    public static final class InvalidField extends IllegalArgumentException {
        private final String field;

        InvalidField(String field, String message) {
            super(message);
            this.field = field;
        }

        public String field() {
            return field;
        }
    }

    public TcpExplainRequest {
        alpn = List.copyOf(alpn);
    }

    /**
     * @param tls      "true" or "false"; null or "" for true when an SNI, an ALPN or postgres is given, else false
     * @param postgres "true" or "false"; null or "" for false
     * @param sni      null or "" for a ClientHello without SNI
     * @param alpn     protocols separated by commas; null or "" for none
     * @param clientIp an IP literal (never resolved); null or "" for 127.0.0.1
     * @throws InvalidField naming the field of a bad value
     */
    public static TcpExplainRequest of(String tls, String postgres, String sni, String alpn, String clientIp) {
        boolean sslRequest = postgres != null && !postgres.isBlank() && bool("postgres", postgres);
        String serverName = sni == null ? "" : sni.strip().toLowerCase(Locale.ROOT);
        List<String> protocols = alpn == null ? List.of()
                : Arrays.stream(alpn.split(",")).map(String::strip).filter(p -> !p.isEmpty()).toList();
        boolean overTls;
        if (tls == null || tls.isBlank()) {
            overTls = sslRequest || !serverName.isEmpty() || !protocols.isEmpty();
        } else {
            overTls = bool("tls", tls);
        }
        if (!overTls && !serverName.isEmpty()) {
            throw new InvalidField("sni", "a connection without TLS has no server name");
        }
        if (!overTls && !protocols.isEmpty()) {
            throw new InvalidField("alpn", "a connection without TLS offers no ALPN");
        }
        return new TcpExplainRequest(address(clientIp), sslRequest, overTls, serverName, protocols);
    }

    private static boolean bool(String field, String value) {
        if (!value.equalsIgnoreCase("true") && !value.equalsIgnoreCase("false")) {
            throw new InvalidField(field, "expected true or false, got \"" + value + "\"");
        }
        return Boolean.parseBoolean(value);
    }

    private static String address(String clientIp) {
        if (clientIp == null || clientIp.isBlank()) {
            return "127.0.0.1";
        }
        byte[] bytes = IpLiterals.parse(clientIp.strip());
        if (bytes == null) {
            throw new InvalidField("clientIp", "not an IP address: \"" + clientIp + "\"");
        }
        return inet(bytes).getHostAddress();
    }

    private static InetAddress inet(byte[] bytes) {
        try {
            return InetAddress.getByAddress(bytes);
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e); // only for a length other than 4 or 16
        }
    }

    /** What the decision reads. */
    public TcpDecision.Facts facts() {
        return new TcpDecision.Facts(inet(IpLiterals.parse(clientIp)), postgres, tls, sni, alpn);
    }

    /** The connection in one phrase: {@code TLS, SNI "db.example.com", ALPN h2, client 10.0.0.1}. */
    public String describe() {
        StringBuilder s = new StringBuilder(postgres ? "Postgres SSLRequest, then " : "");
        if (!tls) {
            s.append("not TLS");
        } else {
            s.append("TLS, ").append(sni.isEmpty() ? "no SNI" : "SNI \"" + sni + "\"").append(", ")
                    .append(alpn.isEmpty() ? "no ALPN" : "ALPN " + String.join(", ", alpn));
        }
        return s.append(", client ").append(clientIp).toString();
    }
}
