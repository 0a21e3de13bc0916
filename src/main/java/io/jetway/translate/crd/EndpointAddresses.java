package io.jetway.translate.crd;

import io.jetway.kube.Node;
import io.jetway.net.IpLiterals;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Checks the addresses and ports of Endpoints and EndpointSlices before they become server URLs:
 * a server the proxy cannot even name would otherwise fail on every request it is picked for.
 */
final class EndpointAddresses {

    /** RFC 1123 host name, as Kubernetes validates FQDN endpoints and ExternalName. */
    private static final Pattern HOST_NAME = Pattern.compile(
            "(?=.{1,253}$)[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(\\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*\\.?");

    private static final Pattern NUMERIC_LAST_LABEL = Pattern.compile("(^|\\.)[0-9]+\\.?$");

    private EndpointAddresses() {
    }

    /**
     * Why an address of the given EndpointSlice addressType (IPv4, IPv6, FQDN; Endpoints hold IPs)
     * is unusable, or null when it is fine.
     */
    static String addressProblem(String address, String addressType) {
        if (address == null || address.isEmpty()) {
            return "is required";
        }
        if (addressType.equals("FQDN")) {
            // A numeric last label is no domain: it is a mistyped IP address such as 999.1.1.1.
            return HOST_NAME.matcher(address.toLowerCase(Locale.ROOT)).matches() && !NUMERIC_LAST_LABEL.matcher(address).find()
                    ? null : "\"" + address + "\" is not a valid host name";
        }
        byte[] ip = address.startsWith("[") || address.indexOf('%') >= 0 ? null : IpLiterals.parse(address);
        boolean expectedFamily = ip != null && switch (addressType) {
            case "IPv4" -> ip.length == 4 && address.indexOf(':') < 0;
            case "IPv6" -> address.indexOf(':') >= 0;
            default -> true;
        };
        return expectedFamily ? null : "\"" + address + "\" is not a valid " + (addressType.isEmpty() ? "IP" : addressType) + " address";
    }

    /** A host name or IP address (an ExternalName Service's target, a node's address). */
    static boolean isHost(String host) {
        return host != null && (addressProblem(host, "") == null || addressProblem(host, "FQDN") == null);
    }

    /** The port number at this node, or a {@link TranslationException} naming the field. */
    static int port(Node port) {
        int number;
        try {
            number = port.integer(0);
        } catch (Node.InvalidFieldException e) {
            throw new TranslationException(e.getMessage());
        }
        if (number < 1 || number > 65535) {
            throw new TranslationException(port.path() + ": " + (port.isMissing() ? "is required"
                    : number + " is not a valid port (1-65535)"));
        }
        return number;
    }
}
