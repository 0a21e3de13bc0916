package io.jetway.config;

import java.util.Objects;

/**
 * What an entry point allows its client connections: the size of a request head (Traefik's
 * {@code http.maxHeaderBytes}), how long each phase of a request may take (Traefik's
 * {@code transport.respondingTimeouts}) and how many connections may wait to be accepted
 * (Jetway's {@code transport.acceptBacklog}).
 *
 * @param maxHeaderBytes     request line and header fields, in bytes; larger heads get 431 (414
 *                           when the request line alone is too long)
 * @param acceptBacklog      the listen queue's length; {@link #SYSTEM_MAXIMUM} asks for the system's
 *                           maximum (net.core.somaxconn on Linux)
 * @param respondingTimeouts the client-side timeouts
 */
public record ConnectionLimitsConfig(int maxHeaderBytes, int acceptBacklog, RespondingTimeoutsConfig respondingTimeouts,
                                     int http2MaxConcurrentStreams) {

    /** Traefik's {@code http2.maxConcurrentStreams} default (Jetty's own is 128). */
    public static final int DEFAULT_HTTP2_MAX_CONCURRENT_STREAMS = 250;

    /** Go's http.DefaultMaxHeaderBytes, Traefik's default. */
    public static final int DEFAULT_MAX_HEADER_BYTES = 1 << 20;
    /** Large heads cost memory while they are parsed: a bound on what may be configured. */
    public static final int MAX_MAX_HEADER_BYTES = 64 << 20;
    public static final int SYSTEM_MAXIMUM = 0;

    public static final ConnectionLimitsConfig DEFAULTS = new ConnectionLimitsConfig(DEFAULT_MAX_HEADER_BYTES, SYSTEM_MAXIMUM,
            RespondingTimeoutsConfig.DEFAULTS);

    public ConnectionLimitsConfig {
        Objects.requireNonNull(respondingTimeouts, "respondingTimeouts");
        if (maxHeaderBytes < 1 || maxHeaderBytes > MAX_MAX_HEADER_BYTES) {
            throw new IllegalArgumentException("maxHeaderBytes out of range: " + maxHeaderBytes);
        }
        if (acceptBacklog < 0) {
            throw new IllegalArgumentException("negative acceptBacklog: " + acceptBacklog);
        }
        if (http2MaxConcurrentStreams < 1) {
            throw new IllegalArgumentException("http2MaxConcurrentStreams must be at least 1: " + http2MaxConcurrentStreams);
        }
    }

    public ConnectionLimitsConfig(int maxHeaderBytes, int acceptBacklog, RespondingTimeoutsConfig respondingTimeouts) {
        this(maxHeaderBytes, acceptBacklog, respondingTimeouts, DEFAULT_HTTP2_MAX_CONCURRENT_STREAMS);
    }
}
