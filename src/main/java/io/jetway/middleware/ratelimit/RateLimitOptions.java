package io.jetway.middleware.ratelimit;

import io.jetway.kube.Node;
import io.jetway.middleware.SourceCriterion;
import io.jetway.middleware.TrafficOptions;

import java.time.Duration;

/**
 * rateLimit's options: {@code average} requests per {@code period}, {@code burst} at once, counted
 * per {@code sourceCriterion}. Traefik's defaults: an average of 0 (no limit), a period of one
 * second, a burst of 1, the remote address as the source.
 *
 * @param average requests per period; Traefik's int64, so a long
 */
public record RateLimitOptions(long average, Duration period, int burst, SourceCriterion sourceCriterion) {

    /**
     * @param options what the manifest says under {@code rateLimit}
     * @throws Node.InvalidFieldException naming a bad field
     */
    public static RateLimitOptions from(Node options) {
        long average = TrafficOptions.bytes(options.get("average"), 0);
        Duration period = TrafficOptions.positiveDuration(options.get("period"), Duration.ofSeconds(1));
        int burst = TrafficOptions.nonNegative(options.get("burst"), 1);
        SourceCriterion criterion = SourceCriterion.parse(options.get("sourceCriterion"));
        return new RateLimitOptions(average, period, burst, criterion);
    }

    /** Traefik: an average of 0 means no limit. */
    public boolean unlimited() {
        return average == 0;
    }
}
