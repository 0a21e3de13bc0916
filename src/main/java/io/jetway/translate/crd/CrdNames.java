package io.jetway.translate.crd;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** Traefik's naming of objects from the CRD provider, so API users see the same names. */
public final class CrdNames {

    public static final String PROVIDER = "kubernetescrd";

    private CrdNames() {
    }

    /** Runs of characters that are not letters or digits become one "-"; none at either end. */
    public static String normalize(String name) {
        StringBuilder out = new StringBuilder(name.length());
        boolean pendingDash = false;
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (Character.isLetterOrDigit(c)) {
                if (pendingDash && !out.isEmpty()) {
                    out.append('-');
                }
                pendingDash = false;
                out.append(c);
            } else {
                pendingDash = true;
            }
        }
        return out.toString();
    }

    public static String qualify(String name) {
        return name + "@" + PROVIDER;
    }

    /** Router (and single service) name of one route: ns-name-first20hex(sha256(match)). */
    public static String routeKey(String namespace, String ingressRouteName, String match) {
        return normalize(namespace + "-" + ingressRouteName + "-" + sha256Prefix(match, 10));
    }

    /** Middleware, TraefikService, TLSOption, ServersTransport: normalize(ns-name). */
    public static String objectKey(String namespace, String name) {
        return normalize(namespace + "-" + name);
    }

    /** A Kubernetes Service port used as a weighted child: normalize(ns-svc-port). */
    public static String servicePortKey(String namespace, String service, String port) {
        return normalize(namespace + "-" + service + "-" + port);
    }

    public static String sha256Prefix(String text, int bytes) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, bytes);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every JDK", e);
        }
    }
}
