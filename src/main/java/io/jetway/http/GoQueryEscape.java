package io.jetway.http;

import java.nio.charset.StandardCharsets;

/**
 * Go's url.QueryEscape, which Traefik uses where a value goes into a query or a header (the
 * errors middleware's {url}, passTLSClientCert's headers): unreserved characters stay, a space
 * becomes '+', every other byte of the UTF-8 form becomes %XX in upper case.
 */
public final class GoQueryEscape {

    private GoQueryEscape() {
    }

    public static String escape(String text) {
        StringBuilder out = new StringBuilder(text.length() + 16);
        for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')
                    || c == '-' || c == '_' || c == '.' || c == '~') {
                out.append((char) c);
            } else if (c == ' ') {
                out.append('+');
            } else {
                out.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
            }
        }
        return out.toString();
    }
}
