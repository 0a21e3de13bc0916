package io.jetway.accesslog;

import io.jetway.config.AccessLogConfig;

/** Traefik's filters: a line is kept when any filter that is set keeps it; with none set, every line is. */
record AccessLogFilter(AccessLogConfig.Filters filters) {

    boolean keeps(int downstreamStatus, int retryAttempts, long durationNanos) {
        if (!filters.any()) {
            return true;
        }
        for (AccessLogConfig.StatusRange range : filters.statusCodes()) {
            if (range.contains(downstreamStatus)) {
                return true;
            }
        }
        if (filters.retryAttempts() && retryAttempts > 0) {
            return true;
        }
        return !filters.minDuration().isZero() && durationNanos > filters.minDuration().toNanos();
    }
}
