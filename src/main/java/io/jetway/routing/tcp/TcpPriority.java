package io.jetway.routing.tcp;

import io.jetway.routing.rule.Priority;

import java.util.Optional;

/** TCP router priority as Traefik computes it: higher first. */
public final class TcpPriority {

    /** The highest priority a user may set; Traefik keeps the values above for its own routers. */
    public static final long MAX = Long.MAX_VALUE - 1000;

    private TcpPriority() {
    }

    /**
     * A configured priority other than 0 is kept (negative values too). Otherwise a catch-all rule
     * (exactly `HostSNI(`*`)`, see {@link TcpRule#isCatchAll()}) gets -1, below every computed
     * priority, and any other rule the length of its text in UTF-8 bytes (Go's len).
     */
    public static long of(String rule, long configured) {
        if (configured != 0) {
            return configured;
        }
        return TcpRuleShape.isCatchAll(rule) ? -1 : Priority.defaultFor(rule);
    }

    /** Traefik's error for a priority above {@link #MAX}, or empty when the priority is allowed. */
    public static Optional<String> checkMax(long priority) {
        if (priority > MAX) {
            return Optional.of("the router priority " + priority + " exceeds the max user-defined priority " + MAX);
        }
        return Optional.empty();
    }
}
