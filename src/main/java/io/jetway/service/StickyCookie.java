package io.jetway.service;

import io.jetway.dynamic.ServiceConfig;
import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;

/**
 * Traefik's sticky-session cookie for one service: its name (given, or derived from the service
 * name as Traefik does), its attributes, and the value that names a server or child service
 * (the first 16 hex digits of the SHA-256 of the server URL or child name; Traefik v3's
 * loadbalancer.Sticky). {@link StickyTargets} also reads the older values Traefik still accepts.
 */
public record StickyCookie(String name, boolean secure, boolean httpOnly, String sameSite, int maxAge,
                           String domain, String path) {

    public static StickyCookie of(ServiceConfig.Sticky sticky, String serviceName) {
        String name = sticky.cookieName() == null || sticky.cookieName().isEmpty()
                ? generatedName(serviceName) : sanitized(sticky.cookieName());
        return new StickyCookie(name, sticky.secure(), sticky.httpOnly(), sticky.sameSite(), sticky.maxAge(),
                sticky.domain(), sticky.path() == null || sticky.path().isEmpty() ? "/" : sticky.path());
    }

    /** Traefik's default: "_" and the start of the SHA-1 of "_TRAEFIK_BACKEND_" + service name, 6 characters in all. */
    static String generatedName(String serviceName) {
        return ("_" + hex("SHA-1", "_TRAEFIK_BACKEND_" + serviceName)).substring(0, 6);
    }

    /** Characters a cookie name may not contain become "_". */
    static String sanitized(String name) {
        StringBuilder out = new StringBuilder(name.length());
        for (char c : name.toCharArray()) {
            boolean token = c > 32 && c < 127 && "()<>@,;:\\\"/[]?={}".indexOf(c) < 0;
            out.append(token ? c : '_');
        }
        return out.toString();
    }

    /** The cookie value naming a server URL or a child service. */
    public static String valueFor(String key) {
        return hex("SHA-256", key).substring(0, 16);
    }

    /**
     * Traefik's earlier value of a cookie naming a server URL or child: the FNV-1 64-bit hash of
     * the key in lowercase hex without leading zeros (Go's {@code fnv.New64} and
     * {@code strconv.FormatUint(h, 16)}).
     */
    static String fnvValueFor(String key) {
        long hash = 0xcbf29ce484222325L;
        for (byte b : key.getBytes(StandardCharsets.UTF_8)) {
            hash *= 0x100000001b3L;
            hash ^= b & 0xff;
        }
        return Long.toUnsignedString(hash, 16);
    }

    /** The value the client sent, or null. */
    public String read(HttpServletRequest request) {
        Cookie[] cookies = request.getCookies();
        if (cookies != null) {
            for (Cookie c : cookies) {
                if (name.equals(c.getName())) {
                    return c.getValue();
                }
            }
        }
        return null;
    }

    public void write(HttpServletResponse response, String value) {
        StringBuilder header = new StringBuilder(name).append('=').append(value).append("; Path=").append(path);
        if (!domain.isEmpty()) {
            header.append("; Domain=").append(domain);
        }
        if (maxAge > 0) {
            header.append("; Max-Age=").append(maxAge);
        } else if (maxAge < 0) {
            header.append("; Max-Age=0");
        }
        if (httpOnly) {
            header.append("; HttpOnly");
        }
        if (secure) {
            header.append("; Secure");
        }
        switch (sameSite.toLowerCase(Locale.ROOT)) {
            case "none" -> header.append("; SameSite=None");
            case "lax" -> header.append("; SameSite=Lax");
            case "strict" -> header.append("; SameSite=Strict");
            default -> {
            }
        }
        response.addHeader("Set-Cookie", header.toString());
    }

    private static String hex(String algorithm, String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance(algorithm).digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(algorithm + " is required by every JDK", e);
        }
    }
}
