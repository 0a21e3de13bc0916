package io.jetway.accesslog;

import io.jetway.config.AccessLogConfig;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import org.eclipse.jetty.http.HttpFields;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.StringReader;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AccessLogFormatTest {

    private static final ZoneId PARIS = ZoneId.of("Europe/Paris");

    @Test
    void commonLineAsTraefikWritesIt() {
        String line = new CommonFormat(PARIS).format(AccessLogFields.visible(AccessLogWriterTest.record("/a?b=c"),
                AccessLogConfig.Fields.DEFAULTS));
        assertEquals("192.0.2.1 - - [02/Jan/2026:04:04:05 +0100] \"GET /a?b=c HTTP/1.1\" 200 12 \"-\" \"-\" 1 "
                + "\"default-app@kubernetescrd\" \"http://10.0.0.1:80\" 1ms", line);
    }

    @Test
    void quotedValuesCannotBreakTheLine() {
        List<AccessLogRecord.LoggedHeader> headers = List.of(
                new AccessLogRecord.LoggedHeader("request_User-Agent", "evil\"agent\nsecond line"));
        AccessLogRecord r = AccessLogWriterTest.record("/x");
        AccessLogRecord withHeader = new AccessLogRecord(r.start(), r.durationNanos(), r.originDurationNanos(), r.routerName(),
                r.serviceName(), r.serviceUrl(), r.serviceAddr(), r.clientAddr(), r.clientHost(), r.clientPort(),
                r.clientUsername(), r.requestAddr(), r.requestHost(), r.requestPort(), r.requestMethod(), "/a\"b",
                r.requestProtocol(), r.requestScheme(), r.requestContentSize(), r.requestCount(), r.originStatus(),
                r.originContentSize(), r.downstreamStatus(), r.downstreamContentSize(), r.retryAttempts(), r.tlsVersion(),
                r.tlsCipher(), r.entryPointName(), headers);
        String common = new CommonFormat(ZoneOffset.UTC).format(AccessLogFields.visible(withHeader, AccessLogConfig.Fields.DEFAULTS));
        assertFalse(common.contains("\n"), common);
        assertTrue(common.contains("\"evil\\\"agent\\x0asecond line\""), common);

        String json = new JsonFormat(ZoneOffset.UTC).format(AccessLogFields.visible(withHeader, AccessLogConfig.Fields.DEFAULTS),
                Instant.now());
        assertFalse(json.contains("\n"), json);
        JsonObject parsed = Json.createReader(new StringReader(json)).readObject();
        assertEquals("evil\"agent\nsecond line", parsed.getString("request_User-Agent"));
        assertEquals("/a\"b", parsed.getString("RequestPath"));
    }

    @Test
    void jsonTimesAndDurations() {
        String json = new JsonFormat(PARIS).format(AccessLogFields.visible(AccessLogWriterTest.record("/"),
                AccessLogConfig.Fields.DEFAULTS), Instant.parse("2026-07-01T10:00:00Z"));
        JsonObject parsed = Json.createReader(new StringReader(json)).readObject();
        assertEquals("2026-01-02T03:04:05.123456789Z", parsed.getString("StartUTC"));
        assertEquals("2026-01-02T04:04:05.123456789+01:00", parsed.getString("StartLocal"));
        assertEquals("2026-07-01T12:00:00+02:00", parsed.getString("time"));
        assertEquals(1_500_000, parsed.getJsonNumber("Duration").longValue());
        assertEquals(1_000_000, parsed.getJsonNumber("OriginDuration").longValue());
        assertEquals(500_000, parsed.getJsonNumber("Overhead").longValue());
        List<String> keys = new ArrayList<>(parsed.keySet());
        List<String> sorted = new ArrayList<>(keys);
        java.util.Collections.sort(sorted);
        assertEquals(sorted, keys, "keys sorted as Go's encoder writes a map");
    }

    @ParameterizedTest
    @CsvSource({
            "2026-01-02T03:04:05Z, 2026-01-02T03:04:05Z",
            "2026-01-02T03:04:05.100Z, 2026-01-02T03:04:05.1Z",
            "2026-01-02T03:04:05.000000120Z, 2026-01-02T03:04:05.00000012Z",
    })
    void rfc3339NanoTrimsZerosLikeGo(String instant, String expected) {
        assertEquals(expected, GoTime.rfc3339Nano(Instant.parse(instant), ZoneOffset.UTC));
    }

    @Test
    void headerModes() {
        AccessLogConfig.Fields fields = new AccessLogConfig.Fields(AccessLogConfig.Mode.KEEP, Map.of(),
                AccessLogConfig.Mode.KEEP, Map.of("x-secret", AccessLogConfig.Mode.REDACT, "set-cookie", AccessLogConfig.Mode.KEEP));
        HttpFields headers = HttpFields.build().add("x-forwarded-for", "a").add("X-Forwarded-For", "b")
                .add("X-SECRET", "s").add("Cookie", "c=1").add("Set-Cookie", "d=2");
        List<AccessLogRecord.LoggedHeader> out = new ArrayList<>();
        new HeaderModes(fields).select(headers, HeaderModes.DOWNSTREAM_PREFIX, out);
        assertEquals(List.of(new AccessLogRecord.LoggedHeader("downstream_X-Forwarded-For", "a,b"),
                new AccessLogRecord.LoggedHeader("downstream_X-Secret", "REDACTED"),
                new AccessLogRecord.LoggedHeader("downstream_Cookie", "REDACTED"),
                new AccessLogRecord.LoggedHeader("downstream_Set-Cookie", "d=2")), out);
    }

    @Test
    void filtersKeepALineWhenAnyKeepsIt() {
        AccessLogFilter none = new AccessLogFilter(AccessLogConfig.Filters.NONE);
        assertTrue(none.keeps(200, 0, 1));
        AccessLogFilter filter = new AccessLogFilter(new AccessLogConfig.Filters(
                List.of(new AccessLogConfig.StatusRange(500, 599)), true, java.time.Duration.ofMillis(10)));
        assertTrue(filter.keeps(503, 0, 1));
        assertTrue(filter.keeps(200, 1, 1));
        assertTrue(filter.keeps(200, 0, 11_000_000));
        assertFalse(filter.keeps(200, 0, 10_000_000), "not slower than minDuration");
        assertFalse(filter.keeps(404, 0, 1));
    }
}
