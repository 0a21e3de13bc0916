package io.jetway.accesslog;

import io.jetway.config.AccessLogConfig;

import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;

/**
 * Traefik's access log field names, and the record's values under them once the field modes have
 * dropped what the user does not want. Headers are already filtered by their own modes.
 */
final class AccessLogFields {

    static final String START_UTC = "StartUTC";
    static final String START_LOCAL = "StartLocal";
    static final String DURATION = "Duration";
    static final String ORIGIN_DURATION = "OriginDuration";
    static final String OVERHEAD = "Overhead";
    static final String ROUTER_NAME = "RouterName";
    static final String SERVICE_NAME = "ServiceName";
    static final String SERVICE_URL = "ServiceURL";
    static final String SERVICE_ADDR = "ServiceAddr";
    static final String CLIENT_ADDR = "ClientAddr";
    static final String CLIENT_HOST = "ClientHost";
    static final String CLIENT_PORT = "ClientPort";
    static final String CLIENT_USERNAME = "ClientUsername";
    static final String REQUEST_ADDR = "RequestAddr";
    static final String REQUEST_HOST = "RequestHost";
    static final String REQUEST_PORT = "RequestPort";
    static final String REQUEST_METHOD = "RequestMethod";
    static final String REQUEST_PATH = "RequestPath";
    static final String REQUEST_PROTOCOL = "RequestProtocol";
    static final String REQUEST_SCHEME = "RequestScheme";
    static final String REQUEST_CONTENT_SIZE = "RequestContentSize";
    static final String REQUEST_COUNT = "RequestCount";
    static final String ORIGIN_STATUS = "OriginStatus";
    static final String ORIGIN_CONTENT_SIZE = "OriginContentSize";
    static final String DOWNSTREAM_STATUS = "DownstreamStatus";
    static final String DOWNSTREAM_CONTENT_SIZE = "DownstreamContentSize";
    static final String RETRY_ATTEMPTS = "RetryAttempts";
    static final String TLS_VERSION = "TLSVersion";
    static final String TLS_CIPHER = "TLSCipher";
    static final String ENTRY_POINT_NAME = "entryPointName";

    private AccessLogFields() {
    }

    /**
     * The fields to write, sorted by name as Traefik's JSON is: a field is absent when its mode is
     * drop or it has no value (no router, no TLS). Values are String, Long, Integer or Instant.
     */
    static Map<String, Object> visible(AccessLogRecord r, AccessLogConfig.Fields modes) {
        Map<String, Object> all = new TreeMap<>();
        all.put(START_UTC, r.start());
        all.put(START_LOCAL, r.start());
        all.put(DURATION, r.durationNanos());
        if (r.originDurationNanos() >= 0) {
            all.put(ORIGIN_DURATION, r.originDurationNanos());
            all.put(OVERHEAD, r.durationNanos() - r.originDurationNanos());
        } else {
            all.put(OVERHEAD, r.durationNanos());
        }
        all.put(ROUTER_NAME, r.routerName());
        all.put(SERVICE_NAME, r.serviceName());
        all.put(SERVICE_URL, r.serviceUrl());
        all.put(SERVICE_ADDR, r.serviceAddr());
        all.put(CLIENT_ADDR, r.clientAddr());
        all.put(CLIENT_HOST, r.clientHost());
        all.put(CLIENT_PORT, r.clientPort());
        all.put(CLIENT_USERNAME, r.clientUsername());
        all.put(REQUEST_ADDR, r.requestAddr());
        all.put(REQUEST_HOST, r.requestHost());
        all.put(REQUEST_PORT, r.requestPort());
        all.put(REQUEST_METHOD, r.requestMethod());
        all.put(REQUEST_PATH, r.requestPath());
        all.put(REQUEST_PROTOCOL, r.requestProtocol());
        all.put(REQUEST_SCHEME, r.requestScheme());
        all.put(REQUEST_CONTENT_SIZE, r.requestContentSize());
        all.put(REQUEST_COUNT, r.requestCount());
        all.put(ORIGIN_STATUS, r.originStatus());
        all.put(ORIGIN_CONTENT_SIZE, r.originContentSize());
        all.put(DOWNSTREAM_STATUS, r.downstreamStatus());
        all.put(DOWNSTREAM_CONTENT_SIZE, r.downstreamContentSize());
        all.put(RETRY_ATTEMPTS, r.retryAttempts());
        all.put(TLS_VERSION, r.tlsVersion());
        all.put(TLS_CIPHER, r.tlsCipher());
        all.put(ENTRY_POINT_NAME, r.entryPointName());
        all.values().removeIf(v -> v == null);
        all.keySet().removeIf(name -> modes.field(name) == AccessLogConfig.Mode.DROP);
        for (AccessLogRecord.LoggedHeader header : r.headers()) {
            all.put(header.field(), header.value());
        }
        return all;
    }

    static Instant startOf(Map<String, Object> fields) {
        Object start = fields.get(START_LOCAL);
        return start instanceof Instant i ? i : fields.get(START_UTC) instanceof Instant utc ? utc : null;
    }
}
