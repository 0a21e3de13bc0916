package io.jetway.routing.tcp;

import io.jetway.routing.rule.ArgumentProblem;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * v2 `HostSNI(a, b, ...)`: exact names only (no `*.` wildcards in v2), any of which may match.
 * As in Traefik's v2 matcher, `*` first matches every connection, with or without SNI, while a
 * `*` in a later position matches only connections that have an SNI.
 *
 * @param hosts lowercase as written (a trailing dot is tried with and without)
 */
record HostSniV2Matcher(List<String> hosts) implements TcpMatcher {

    private static final Pattern HOST_OR_IP = Pattern.compile("[\\w.\\-:]+");

    HostSniV2Matcher {
        hosts = List.copyOf(hosts);
    }

    static HostSniV2Matcher of(List<String> written) {
        List<String> hosts = new ArrayList<>(written.size());
        for (String host : written) {
            if (!host.equals("*") && !HOST_OR_IP.matcher(host).matches()) {
                throw new ArgumentProblem("\"" + host + "\" is not a valid host name or IP"
                        + HostSniMatcher.nonAsciiHint(host)
                        + (host.startsWith("*.") ? " (v2 syntax has no wildcards; use HostSNIRegexp)" : ""));
            }
            hosts.add(host.toLowerCase(Locale.ROOT));
        }
        return new HostSniV2Matcher(hosts);
    }

    @Override
    public String whyNot(TcpConnectionInfo connection) {
        return matches(connection) ? null : describe() + " did not match " + Sni.of(connection);
    }

    @Override
    public String describe() {
        return TcpMatcher.call("HostSNI", hosts);
    }

    @Override
    public boolean matches(TcpConnectionInfo connection) {
        if (hosts.get(0).equals("*")) {
            return true;
        }
        String sni = connection.serverName();
        if (sni.isEmpty()) {
            return false;
        }
        for (String host : hosts) {
            if (host.equals("*") || host.equals(sni)) {
                return true;
            }
            if (host.endsWith(".") && host.length() - 1 == sni.length() && host.startsWith(sni)) {
                return true;
            }
        }
        return false;
    }
}
