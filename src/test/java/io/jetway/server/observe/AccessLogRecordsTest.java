package io.jetway.server.observe;

import io.jetway.accesslog.AccessLogRecord;
import io.jetway.accesslog.HeaderModes;
import io.jetway.config.AccessLogConfig;
import io.jetway.exchange.Exchange;
import io.jetway.exchange.Observations;
import io.jetway.net.CidrSet;
import io.jetway.server.entry.EntryPoint;
import io.jetway.service.Backend;
import io.jetway.service.ServiceHandler;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

/** The access log's record of a finished exchange, from a view of it as either server fills it: no server needed. */
class AccessLogRecordsTest {

    private static final HeaderModes NO_HEADERS = new HeaderModes(AccessLogConfig.Fields.DEFAULTS);
    private static final HeaderModes ALL_HEADERS = new HeaderModes(new AccessLogConfig.Fields(
            AccessLogConfig.Mode.KEEP, Map.of(), AccessLogConfig.Mode.KEEP, Map.of()));
    private static final EntryPoint TRUSTING_LOOPBACK = new EntryPoint("websecure",
            CidrSet.parse(List.of("127.0.0.1/32")), false);

    @Test
    void everyFieldComesFromTheViewAndTheExchange() {
        TestExchange exchange = new TestExchange();
        exchange.tlsProtocol = "TLSv1.3";
        exchange.tlsCipher = "TLS_AES_128_GCM_SHA256";
        Exchange labels = labels();
        labels.routedBy("web-app@file");
        labels.servedBy(service("wrr@file"));
        labels.forwardTo(Backend.of("http://10.0.0.7:8080", true, "app@file"));
        labels.authenticated("alice");
        labels.observations().originStarted(1_000);
        labels.observations().originEnded(4_000);
        labels.observations().originResponded(201, HttpFields.EMPTY);
        labels.observations().originContent(17);

        AccessLogRecord record = AccessLogRecords.record(NO_HEADERS, exchange, labels, 9_000);

        assertEquals(Instant.EPOCH, record.start());
        assertEquals(9_000, record.durationNanos());
        assertEquals(3_000, record.originDurationNanos());
        assertEquals("web-app@file", record.routerName());
        assertEquals("app@file", record.serviceName(), "the chosen server's service, not the router's weighted one");
        assertEquals("http://10.0.0.7:8080", record.serviceUrl());
        assertEquals("10.0.0.7:8080", record.serviceAddr());
        assertEquals("127.0.0.1:50123", record.clientAddr());
        assertEquals("127.0.0.1", record.clientHost());
        assertEquals("50123", record.clientPort());
        assertEquals("alice", record.clientUsername());
        assertEquals("example.com:8443", record.requestAddr());
        assertEquals("example.com", record.requestHost());
        assertEquals("8443", record.requestPort());
        assertEquals("POST", record.requestMethod());
        assertEquals("/a?b=c", record.requestPath());
        assertEquals("HTTP/2.0", record.requestProtocol());
        assertEquals("https", record.requestScheme());
        assertEquals(5, record.requestContentSize());
        assertEquals(42, record.requestCount());
        assertEquals(201, record.originStatus());
        assertEquals(17, record.originContentSize());
        assertEquals(200, record.downstreamStatus());
        assertEquals(12, record.downstreamContentSize());
        assertEquals(0, record.retryAttempts());
        assertEquals("1.3", record.tlsVersion());
        assertEquals("TLS_AES_128_GCM_SHA256", record.tlsCipher());
        assertEquals("websecure", record.entryPointName());
        assertEquals(List.of(), record.headers());
    }

    @Test
    void withoutBackendTlsOrUserTheFieldsSayNone() {
        TestExchange exchange = new TestExchange();
        exchange.secure = false;
        Exchange labels = labels();
        labels.servedBy(service("app@file"));

        AccessLogRecord record = AccessLogRecords.record(NO_HEADERS, exchange, labels, 1);

        assertEquals(-1, record.originDurationNanos(), "no backend was called");
        assertNull(record.routerName());
        assertEquals("app@file", record.serviceName());
        assertNull(record.serviceUrl());
        assertNull(record.serviceAddr());
        assertEquals("-", record.clientUsername());
        assertNull(record.tlsVersion());
        assertNull(record.tlsCipher());
        assertEquals("http", record.requestScheme());
    }

    @Test
    void aClientThatWentAwayIsLogged499() {
        Exchange labels = labels();
        labels.observations().clientClosed();
        assertEquals(499, AccessLogRecords.record(NO_HEADERS, new TestExchange(), labels, 1).downstreamStatus());
    }

    @Test
    void theForwardedClientOnlyWhenTheEntryPointTrustsThePeer() {
        TestExchange trusted = new TestExchange();
        trusted.headers.add(HttpHeader.X_FORWARDED_FOR, "203.0.113.9");
        assertEquals("203.0.113.9", AccessLogRecords.record(NO_HEADERS, trusted, labels(), 1).clientHost());

        TestExchange untrusted = new TestExchange();
        untrusted.headers.add(HttpHeader.X_FORWARDED_FOR, "203.0.113.9");
        untrusted.clientIp = "192.0.2.5";
        assertEquals("192.0.2.5", AccessLogRecords.record(NO_HEADERS, untrusted, labels(), 1).clientHost());

        TestExchange unknownEntryPoint = new TestExchange();
        unknownEntryPoint.headers.add(HttpHeader.X_FORWARDED_FOR, "203.0.113.9");
        Exchange unrouted = Exchange.begin(new Observations(Instant.EPOCH, 42, false));
        assertEquals("127.0.0.1", AccessLogRecords.record(NO_HEADERS, unknownEntryPoint, unrouted, 1).clientHost());
    }

    @Test
    void addressesSplitAsGoSplitsThem() {
        TestExchange exchange = new TestExchange();
        exchange.clientIp = "::1";
        exchange.requestAddr = "[::1]:8080";
        AccessLogRecord record = AccessLogRecords.record(NO_HEADERS, exchange, labels(), 1);
        assertEquals("[::1]:50123", record.clientAddr());
        assertEquals("::1", record.requestHost());
        assertEquals("8080", record.requestPort());

        exchange.requestAddr = "example.com";
        record = AccessLogRecords.record(NO_HEADERS, exchange, labels(), 1);
        assertEquals("example.com", record.requestHost());
        assertEquals("-", record.requestPort());

        exchange.requestAddr = null;
        record = AccessLogRecords.record(NO_HEADERS, exchange, labels(), 1);
        assertNull(record.requestHost());
        assertEquals("-", record.requestPort());
    }

    @Test
    void headersAreNotLookedAtWhenNoneMayAppear() {
        TestExchange exchange = new TestExchange();
        AccessLogRecords.record(NO_HEADERS, exchange, labels(), 1);
        assertFalse(exchange.headersRead, "the WAR copies the headers to show them: not when none may appear");
    }

    @Test
    void requestOriginAndDownstreamHeadersWithCredentialsRedacted() {
        TestExchange exchange = new TestExchange();
        exchange.headers.add("user-agent", "curl");
        exchange.headers.add(HttpHeader.AUTHORIZATION, "Basic secret");
        exchange.responseHeaders.add("X-Served-By", "edge");
        Exchange labels = Exchange.begin(new Observations(Instant.EPOCH, 42, true));
        labels.observations().originResponded(200,
                HttpFields.build().add("Set-Cookie", "id=secret").add("Server", "app").asImmutable());

        List<AccessLogRecord.LoggedHeader> headers = AccessLogRecords.record(ALL_HEADERS, exchange, labels, 1).headers();

        assertEquals(List.of(
                new AccessLogRecord.LoggedHeader("request_User-Agent", "curl"),
                new AccessLogRecord.LoggedHeader("request_Authorization", "REDACTED"),
                new AccessLogRecord.LoggedHeader("origin_Set-Cookie", "REDACTED"),
                new AccessLogRecord.LoggedHeader("origin_Server", "app"),
                new AccessLogRecord.LoggedHeader("downstream_X-Served-By", "edge")), headers);
    }

    /** An exchange that arrived at an entry point trusting loopback's forwarded headers. */
    private static Exchange labels() {
        Exchange exchange = Exchange.begin(new Observations(Instant.EPOCH, 42, false));
        exchange.arrivedAt("websecure", TRUSTING_LOOPBACK);
        return exchange;
    }

    private static ServiceHandler service(String name) {
        return new ServiceHandler() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public Backend select(HttpServletRequest request, HttpServletResponse response) {
                return null;
            }
        };
    }

    /** A finished exchange with settable answers, as either server could show it. */
    private static final class TestExchange implements FinishedExchange {
        String clientIp = "127.0.0.1";
        String requestAddr = "example.com:8443";
        boolean secure = true;
        String tlsProtocol;
        String tlsCipher;
        final HttpFields.Mutable headers = HttpFields.build();
        final HttpFields.Mutable responseHeaders = HttpFields.build();
        boolean headersRead;

        @Override
        public String entryPointName() {
            return "websecure";
        }

        @Override
        public String method() {
            return "POST";
        }

        @Override
        public String requestHeader(HttpHeader header) {
            return headers.get(header);
        }

        @Override
        public String contentType() {
            return headers.get(HttpHeader.CONTENT_TYPE);
        }

        @Override
        public String requestAddr() {
            return requestAddr;
        }

        @Override
        public String pathQuery() {
            return "/a?b=c";
        }

        @Override
        public String protocol() {
            return "HTTP/2.0";
        }

        @Override
        public boolean secure() {
            return secure;
        }

        @Override
        public String clientIp() {
            return clientIp;
        }

        @Override
        public int clientPort() {
            return 50123;
        }

        @Override
        public long requestBytes() {
            return 5;
        }

        @Override
        public int status() {
            return 200;
        }

        @Override
        public long responseBytes() {
            return 12;
        }


        @Override
        public String tlsProtocol() {
            return tlsProtocol;
        }

        @Override
        public String tlsCipher() {
            return tlsCipher;
        }

        @Override
        public HttpFields requestHeaders() {
            headersRead = true;
            return headers;
        }

        @Override
        public HttpFields responseHeaders() {
            headersRead = true;
            return responseHeaders;
        }
    }
}
