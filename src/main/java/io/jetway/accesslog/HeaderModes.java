package io.jetway.accesslog;

import io.jetway.config.AccessLogConfig;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpFields;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Applies the header modes to a set of headers: kept headers appear with their values (several
 * values joined with commas, as Traefik does), redacted ones as {@code REDACTED}. Credentials are
 * written only when the user named the header: a default mode of keep redacts them.
 */
public final class HeaderModes {

    public static final String REQUEST_PREFIX = "request_";
    public static final String ORIGIN_PREFIX = "origin_";
    public static final String DOWNSTREAM_PREFIX = "downstream_";
    static final String REDACTED = "REDACTED";

    private static final Set<String> CREDENTIALS = Set.of("authorization", "proxy-authorization", "cookie", "set-cookie");

    private final AccessLogConfig.Fields modes;
    private final boolean any;

    public HeaderModes(AccessLogConfig.Fields modes) {
        this.modes = modes;
        this.any = modes.anyHeader();
    }

    /** Whether any header may appear; when not, headers need not be looked at or kept. */
    public boolean any() {
        return any;
    }

    /** The headers of {@code fields} that the modes let through, named {@code prefix + Canonical-Name}, added to {@code out}. */
    public void select(HttpFields fields, String prefix, List<AccessLogRecord.LoggedHeader> out) {
        if (!any || fields == null) {
            return;
        }
        Map<String, String> kept = new LinkedHashMap<>();
        for (HttpField field : fields) {
            String name = canonical(field.getName());
            AccessLogConfig.Mode mode = modeOf(name);
            if (mode == AccessLogConfig.Mode.KEEP) {
                kept.merge(name, field.getValue(), (a, b) -> a + "," + b);
            } else if (mode == AccessLogConfig.Mode.REDACT) {
                kept.put(name, REDACTED);
            }
        }
        kept.forEach((name, value) -> out.add(new AccessLogRecord.LoggedHeader(prefix + name, value)));
    }

    private AccessLogConfig.Mode modeOf(String name) {
        AccessLogConfig.Mode mode = modes.header(name);
        if (mode == AccessLogConfig.Mode.KEEP && !modes.headerNamed(name) && CREDENTIALS.contains(name.toLowerCase(java.util.Locale.ROOT))) {
            return AccessLogConfig.Mode.REDACT;
        }
        return mode;
    }

    /** Go's canonical header key, which Traefik's field names use: {@code x-real-ip} becomes {@code X-Real-Ip}. */
    static String canonical(String name) {
        StringBuilder out = new StringBuilder(name.length());
        boolean upper = true;
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c == ' ' || c > 127) {
                return name; // Go leaves keys with such characters alone
            }
            out.append(upper ? Character.toUpperCase(c) : Character.toLowerCase(c));
            upper = c == '-';
        }
        return out.toString();
    }
}
