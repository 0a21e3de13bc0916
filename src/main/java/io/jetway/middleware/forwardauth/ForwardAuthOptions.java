package io.jetway.middleware.forwardauth;

import io.jetway.kube.Node;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * forwardAuth's options. Only {@code address} is required; lists are empty, flags false and the
 * regex absent (null) unless set, as in Traefik. {@code forwardBody} is refused (not supported yet).
 *
 * @param addressEndpoints servers of the Service the address names (resolved by the translator),
 *                         used in turn; empty: the address's host by DNS
 * @param authResponseHeadersRegex null when not set
 */
public record ForwardAuthOptions(URI address, List<String> addressEndpoints, boolean trustForwardHeader,
                                 List<String> authResponseHeaders, Pattern authResponseHeadersRegex,
                                 List<String> authRequestHeaders, Set<String> addAuthCookiesToResponse,
                                 boolean preserveLocationHeader, boolean preserveRequestMethod, Tls tls) {

    /** TLS towards the auth server: PEM texts, each null when not set. */
    public record Tls(String ca, String cert, String key, boolean insecureSkipVerify) {
    }

    /**
     * @param options what the manifest says under {@code forwardAuth}
     * @throws Node.InvalidFieldException naming a bad field
     */
    public static ForwardAuthOptions from(Node options) {
        Pattern regex = null;
        Node regexNode = options.get("authResponseHeadersRegex");
        if (!regexNode.string("").isEmpty()) {
            try {
                regex = Pattern.compile(regexNode.string(""));
            } catch (PatternSyntaxException e) {
                throw new Node.InvalidFieldException(regexNode.path(), "invalid regular expression: " + e.getDescription());
            }
        }
        URI address = address(options.get("address"));
        List<String> endpoints = options.get("addressEndpoints").strings();
        boolean trustForwardHeader = options.get("trustForwardHeader").bool(false);
        List<String> authResponseHeaders = options.get("authResponseHeaders").strings();
        List<String> authRequestHeaders = options.get("authRequestHeaders").strings();
        Set<String> authCookies = Set.copyOf(options.get("addAuthCookiesToResponse").strings());
        boolean preserveLocationHeader = options.get("preserveLocationHeader").bool(false);
        boolean preserveRequestMethod = options.get("preserveRequestMethod").bool(false);
        if (options.get("forwardBody").bool(false)) {
            throw new Node.InvalidFieldException(options.get("forwardBody").path(), "forwarding the body is not supported yet");
        }
        Node tlsNode = options.get("tls");
        Tls tls = new Tls(pem(tlsNode.get("ca")), pem(tlsNode.get("cert")), pem(tlsNode.get("key")),
                tlsNode.get("insecureSkipVerify").bool(false));
        if ((tls.cert() == null) != (tls.key() == null)) {
            throw new Node.InvalidFieldException(tlsNode.path(), "cert and key go together");
        }
        return new ForwardAuthOptions(address, endpoints, trustForwardHeader, authResponseHeaders, regex,
                authRequestHeaders, authCookies, preserveLocationHeader, preserveRequestMethod, tls);
    }

    private static URI address(Node node) {
        String text = node.requiredString();
        try {
            URI uri = new URI(text);
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if (!(scheme.equals("http") || scheme.equals("https")) || uri.getHost() == null) {
                throw new Node.InvalidFieldException(node.path(), "must be an http or https URL, got \"" + text + "\"");
            }
            return uri;
        } catch (URISyntaxException e) {
            throw new Node.InvalidFieldException(node.path(), "invalid URL \"" + text + "\": " + e.getReason());
        }
    }

    /** PEM given inline or as a file path, or null. */
    private static String pem(Node node) {
        String value = node.string("");
        if (value.isEmpty()) {
            return null;
        }
        if (value.contains("-----BEGIN")) {
            return value;
        }
        try {
            return Files.readString(Path.of(value));
        } catch (NoSuchFileException e) {
            throw new Node.InvalidFieldException(node.path(), "no such file: " + value);
        } catch (IOException | RuntimeException e) {
            // The JDK's text names its own exception types; the path and the field say enough.
            throw new Node.InvalidFieldException(node.path(), "cannot read the file " + value
                    + " (not a readable PEM file or PEM text)");
        }
    }
}
