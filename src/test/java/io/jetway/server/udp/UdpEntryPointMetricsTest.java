package io.jetway.server.udp;

import io.jetway.config.MetricsConfig;
import io.jetway.server.observe.PrometheusMetrics;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** A UDP entry point's sessions and drops, read by the Prometheus registry at each scrape. */
class UdpEntryPointMetricsTest {

    private static final MetricsConfig CONFIG = new MetricsConfig(true, "traefik", false, MetricsConfig.DEFAULT_BUCKETS,
            true, false, true);

    @Test
    void openSessionsAreTraefiksOpenConnectionsWithProtocolUdp() throws Exception {
        PrometheusMetrics metrics = new PrometheusMetrics(CONFIG);
        try (UdpTestBackend backend = UdpTestBackend.echo();
             UdpEntryPoint dns = UdpEntryPoint.open("dns", "127.0.0.1", 0, Duration.ofSeconds(2),
                     client -> UdpEntryPointTest.to(backend));
             UdpEntryPoint unrouted = UdpEntryPoint.open("unrouted", "127.0.0.1", 0, Duration.ofSeconds(60), client -> null);
             UdpTestClient one = new UdpTestClient();
             UdpTestClient two = new UdpTestClient()) {
            metrics.udpEntryPoint(dns);
            metrics.udpEntryPoint(unrouted);
            assertEquals(0, value(metrics, "traefik_open_connections{entrypoint=\"dns\",protocol=\"UDP\"}"));

            assertEquals("a", one.ask("a", dns.localAddress()).text());
            assertEquals("b", two.ask("b", dns.localAddress()).text());
            one.send("lost", unrouted.localAddress());
            UdpEntryPointTest.await(() -> unrouted.counters().droppedNoRoute() == 1, "the datagram without a router is dropped");

            assertEquals(2, value(metrics, "traefik_open_connections{entrypoint=\"dns\",protocol=\"UDP\"}"));
            assertEquals(2, value(metrics, "traefik_udp_entrypoint_sessions_total{entrypoint=\"dns\"}"));
            assertEquals(1, value(metrics,
                    "traefik_udp_entrypoint_dropped_datagrams_total{entrypoint=\"unrouted\",reason=\"no_route\"}"));
            assertEquals(0, value(metrics, "traefik_udp_entrypoint_dropped_datagrams_total{entrypoint=\"dns\",reason=\"other\"}"));

            // Idle sessions close after the timeout: the gauge follows, the total stays.
            UdpEntryPointTest.await(() -> dns.sessions() == 0, "the idle sessions close");
            assertEquals(0, value(metrics, "traefik_open_connections{entrypoint=\"dns\",protocol=\"UDP\"}"));
            assertEquals(2, value(metrics, "traefik_udp_entrypoint_sessions_total{entrypoint=\"dns\"}"));
        }
    }

    /** The value of one sample, written exactly so (labels in Prometheus' sorted order). */
    private static double value(PrometheusMetrics metrics, String sample) {
        String scrape = metrics.scrape();
        Matcher m = Pattern.compile("(?m)^" + Pattern.quote(sample) + " (\\S+)$").matcher(scrape);
        if (!m.find()) {
            throw new AssertionError("no sample " + sample + " in:\n" + scrape);
        }
        return Double.parseDouble(m.group(1));
    }
}
