package io.jetway.observability;

import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Replaces credentials in a log line by {@link #MARKER}: the values of Authorization,
 * Proxy-Authorization, Cookie, Set-Cookie and API-key, token, secret or password headers (and
 * query or map entries of those names), the user information of URLs, bearer or basic tokens
 * wherever they appear, and PEM private keys. Applied to every line the log pipeline writes,
 * whatever its level and logger, because libraries (Jetty's proxy at DEBUG among them) print
 * whole requests.
 */
public final class SecretRedactor {

    public static final String MARKER = "REDACTED";

    /** Header, parameter or key names whose values are credentials. */
    private static final String SECRET_NAME = "(?:proxy-authorization|authorization|set-cookie2?|cookie"
            + "|[a-z0-9_.-]*(?:api-?key|token|secret|password|passwd|credential|session-?id)[a-z0-9_.-]*)";

    /**
     * {@code Name: value} up to the end of the line: a real line break, Jetty's escaped line break
     * ({@code |}, with {@code <} for a carriage return) in a one-line log record, or a written
     * {@code \r} or {@code \n}.
     */
    private static final Pattern HEADER_LINE = Pattern.compile(
            "(?i)(?<![a-z0-9_.-])(" + SECRET_NAME + "\"?\\s*:\\s*)(?:(?!<\\||\\\\[rn])[^\\r\\n|])+");

    /** Jetty's HTTP parser at DEBUG names the field and its value apart. */
    private static final Pattern PARSED_FIELD = Pattern.compile(
            "(?i)(headerString=\\[" + SECRET_NAME + "\\],\\s*valueString=\\[)[^\\]\\r\\n]*");

    /**
     * Jetty's buffer dumps ({@code <<<raw bytes>>>}) at DEBUG show requests and responses cut
     * anywhere, header names included: their content never reaches the log.
     */
    private static final Pattern BUFFER_DUMP = Pattern.compile("<<<.*?>>>");

    /** A PEM private key (an inline key in an echoed option, say), to its end line or the end of the record. */
    private static final Pattern PRIVATE_KEY = Pattern.compile(
            "(-----BEGIN [A-Z0-9 ]*PRIVATE KEY-----).*?(?:-----END [A-Z0-9 ]*PRIVATE KEY-----|$)", Pattern.DOTALL);

    /** {@code name=[v1, v2]} as a map of lists prints; {@code name=value} in maps and query strings. */
    private static final Pattern ASSIGNMENT = Pattern.compile(
            "(?i)(?<![a-z0-9_.-])(" + SECRET_NAME + "=)(?:\\[[^\\]\\r\\n]*\\]?|[^\\s,;&}\\]|<\"]+)");

    /** {@code scheme://user:password@host}: everything before the @ is the credential. */
    private static final Pattern URL_USER_INFO = Pattern.compile(
            "(?i)\\b([a-z][a-z0-9+.-]*://)[^/\\s@?#|<>\"']+@");

    /** A bearer or basic credential outside a header line (in an exception message, say). */
    private static final Pattern SCHEME_TOKEN = Pattern.compile(
            "(?i)\\b(basic|bearer)\\s+[a-z0-9._~+/-]{6,}=*");

    /**
     * Lower-case text one of which each pattern above needs in order to match: a line without any
     * (most lines) skips the patterns, which cost tens of microseconds on a line of ordinary length.
     */
    private static final List<String> CLUES = List.of("<<<", "auth", "cookie", "key", "token", "secret",
            "passw", "credential", "session", "://", "basic", "bearer");

    private SecretRedactor() {
    }

    public static String redact(String line) {
        if (line == null || line.isEmpty() || !mayHoldCredential(line)) {
            return line;
        }
        String out = replace(BUFFER_DUMP, line, "<<<" + MARKER + ">>>");
        out = replace(PRIVATE_KEY, out, "$1" + MARKER);
        out = replace(HEADER_LINE, out, "$1" + MARKER);
        out = replace(PARSED_FIELD, out, "$1" + MARKER);
        out = replace(ASSIGNMENT, out, "$1" + MARKER);
        out = replace(URL_USER_INFO, out, "$1" + MARKER + "@");
        return replace(SCHEME_TOKEN, out, "$1 " + MARKER);
    }

    private static boolean mayHoldCredential(String line) {
        String lower = line.toLowerCase(Locale.ROOT);
        for (String clue : CLUES) {
            if (lower.contains(clue)) {
                return true;
            }
        }
        return false;
    }

    private static String replace(Pattern pattern, String text, String replacement) {
        Matcher m = pattern.matcher(text);
        return m.find() ? m.replaceAll(replacement) : text;
    }
}
