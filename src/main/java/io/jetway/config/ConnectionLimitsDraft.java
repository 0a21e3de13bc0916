package io.jetway.config;

import java.time.Duration;
import java.util.List;

/**
 * The mutable side of an entry point's {@link ConnectionLimitsConfig}, and its flag rows (kept apart
 * from the other entry point flags so that each group stays one block).
 */
final class ConnectionLimitsDraft {

    int maxHeaderBytes = ConnectionLimitsConfig.DEFAULT_MAX_HEADER_BYTES;
    int acceptBacklog = ConnectionLimitsConfig.SYSTEM_MAXIMUM;
    Duration readTimeout = RespondingTimeoutsConfig.DEFAULTS.readTimeout();
    Duration writeTimeout = RespondingTimeoutsConfig.DEFAULTS.writeTimeout();
    Duration idleTimeout = RespondingTimeoutsConfig.DEFAULTS.idleTimeout();
    Duration readHeaderTimeout = RespondingTimeoutsConfig.DEFAULTS.readHeaderTimeout();
    int http2MaxConcurrentStreams = ConnectionLimitsConfig.DEFAULT_HTTP2_MAX_CONCURRENT_STREAMS;

    ConnectionLimitsConfig build() {
        return new ConnectionLimitsConfig(maxHeaderBytes, acceptBacklog,
                new RespondingTimeoutsConfig(readTimeout, writeTimeout, idleTimeout, readHeaderTimeout), http2MaxConcurrentStreams);
    }

    private static final String TIMEOUTS = "entrypoints.<name>.transport.respondingtimeouts.";

    static List<FlagSpec> flags() {
        return List.of(
                FlagSpec.value("entrypoints.<name>.http.maxheaderbytes", "BYTES",
                        Integer.toString(ConnectionLimitsConfig.DEFAULT_MAX_HEADER_BYTES),
                        "Largest request head (request line and headers); larger ones get 431, a longer request line 414",
                        (draft, origin, value) -> draft.entryPoint(origin).connectionLimits.maxHeaderBytes = parseMaxHeaderBytes(value)),
                FlagSpec.value("entrypoints.<name>.http2.maxconcurrentstreams", "N",
                        Integer.toString(ConnectionLimitsConfig.DEFAULT_HTTP2_MAX_CONCURRENT_STREAMS),
                        "Streams an HTTP/2 client may have open at once on one connection",
                        (draft, origin, value) -> draft.entryPoint(origin).connectionLimits.http2MaxConcurrentStreams =
                                parseStreams(value)),
                FlagSpec.value(TIMEOUTS + "readtimeout", "DURATION", "60s",
                        "Longest time to read a whole request, head and body (0 = no limit)",
                        (draft, origin, value) -> draft.entryPoint(origin).connectionLimits.readTimeout = Values.parseDuration(value)),
                FlagSpec.value(TIMEOUTS + "writetimeout", "DURATION", "0s",
                        "Longest time from the end of a request head until its response is written (0 = no limit)",
                        (draft, origin, value) -> draft.entryPoint(origin).connectionLimits.writeTimeout = Values.parseDuration(value)),
                FlagSpec.value(TIMEOUTS + "idletimeout", "DURATION", "180s",
                        "Longest wait for the next request on a kept-alive connection (0 = readtimeout)",
                        (draft, origin, value) -> draft.entryPoint(origin).connectionLimits.idleTimeout = Values.parseDuration(value)),
                FlagSpec.value(TIMEOUTS + "readheadertimeout", "DURATION", "60s",
                        "Jetway's: longest time to read a request head, also when readtimeout is 0 (0 = no limit)",
                        (draft, origin, value) -> draft.entryPoint(origin).connectionLimits.readHeaderTimeout = Values.parseDuration(value)),
                FlagSpec.value("entrypoints.<name>.transport.acceptbacklog", "N", "system maximum",
                        "Jetway's: connections the system may queue before they are accepted (default: net.core.somaxconn)",
                        (draft, origin, value) -> draft.entryPoint(origin).connectionLimits.acceptBacklog = parseBacklog(value)));
    }

    private static int parseStreams(String value) {
        int streams = Values.parseCount(value);
        if (streams < 1) {
            throw new IllegalArgumentException("invalid number \"" + value + "\" (expected 1 or more)");
        }
        return streams;
    }

    /** Traefik (Go) reads 0 as its default of 1 MiB. */
    private static int parseMaxHeaderBytes(String value) {
        int bytes = Values.parseCount(value);
        if (bytes > ConnectionLimitsConfig.MAX_MAX_HEADER_BYTES) {
            throw new IllegalArgumentException("invalid size \"" + value + "\" (at most "
                    + ConnectionLimitsConfig.MAX_MAX_HEADER_BYTES + " bytes)");
        }
        return bytes == 0 ? ConnectionLimitsConfig.DEFAULT_MAX_HEADER_BYTES : bytes;
    }

    private static int parseBacklog(String value) {
        try {
            int backlog = Integer.parseInt(value.trim());
            if (backlog > 0) {
                return backlog;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException("invalid backlog \"" + value + "\" (expected a whole number of 1 or more)");
    }
}
