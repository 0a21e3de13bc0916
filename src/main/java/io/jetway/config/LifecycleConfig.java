package io.jetway.config;

import java.time.Duration;

/**
 * Traefik's {@code entryPoints.<name>.transport.lifecycle}: on shutdown, keep accepting requests
 * for {@code requestAcceptGraceTimeout} (while /ping already answers 503), then give requests in
 * flight up to {@code graceTimeout} to finish.
 */
public record LifecycleConfig(Duration requestAcceptGraceTimeout, Duration graceTimeout) {

    public static final LifecycleConfig DEFAULTS = new LifecycleConfig(Duration.ZERO, Duration.ofSeconds(10));
}
