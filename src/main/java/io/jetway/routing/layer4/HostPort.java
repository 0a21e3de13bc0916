package io.jetway.routing.layer4;

/** A server address {@code host:port} ({@code [v6]:port} for IPv6), split; the host may be a DNS name. */
record HostPort(String host, int port) {

    /** Null when the text is not host:port with a port in 1-65535. */
    static HostPort parse(String address) {
        if (address == null) {
            return null;
        }
        int colon = address.lastIndexOf(':');
        if (colon <= 0 || colon == address.length() - 1) {
            return null;
        }
        String host = address.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        } else if (host.indexOf(':') >= 0) {
            return null;
        }
        if (host.isEmpty() || host.chars().anyMatch(c -> c <= ' ')) {
            return null;
        }
        try {
            int port = Integer.parseInt(address.substring(colon + 1));
            return port >= 1 && port <= 65535 ? new HostPort(host, port) : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
