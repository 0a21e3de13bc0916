package io.jetway.routing.rule;

/** Turns a Host header into the canonical host that {@link RequestView#host()} returns. */
public final class HostNames {

    private HostNames() {
    }

    /**
     * Trims, strips the port and IPv6 brackets, strips one trailing dot and lowercases ASCII letters.
     * null gives "". Returns the same instance when nothing needs to change (the common case), so the
     * data plane does not allocate per request.
     */
    public static String canonical(String hostHeader) {
        if (hostHeader == null) {
            return "";
        }
        int start = 0;
        int end = hostHeader.length();
        while (start < end && hostHeader.charAt(start) <= ' ') {
            start++;
        }
        while (end > start && hostHeader.charAt(end - 1) <= ' ') {
            end--;
        }
        if (start < end && hostHeader.charAt(start) == '[') {
            int close = hostHeader.indexOf(']', start);
            if (close > 0 && close < end) {
                // "[::1]:8080" or "[::1]": whatever follows the bracket is the port.
                start++;
                end = close;
            }
        } else {
            int colon = hostHeader.indexOf(':', start);
            // A single colon separates the port; several colons are a bare IPv6 address, kept whole.
            if (colon >= 0 && colon < end && hostHeader.indexOf(':', colon + 1) < 0) {
                end = colon;
            }
        }
        if (end > start && hostHeader.charAt(end - 1) == '.') {
            end--;
        }
        boolean hasUpper = false;
        for (int i = start; i < end; i++) {
            char c = hostHeader.charAt(i);
            if (c >= 'A' && c <= 'Z') {
                hasUpper = true;
                break;
            }
        }
        if (!hasUpper) {
            return start == 0 && end == hostHeader.length() ? hostHeader : hostHeader.substring(start, end);
        }
        char[] chars = new char[end - start];
        for (int i = start; i < end; i++) {
            char c = hostHeader.charAt(i);
            chars[i - start] = c >= 'A' && c <= 'Z' ? (char) (c + ('a' - 'A')) : c;
        }
        return new String(chars);
    }
}
