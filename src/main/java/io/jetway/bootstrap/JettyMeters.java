package io.jetway.bootstrap;

import io.jetway.server.observe.PrometheusMetrics;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.jetty.JettyServerThreadPoolMetrics;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.component.LifeCycle;
import org.eclipse.jetty.util.thread.ThreadPool;

import java.util.Map;

/**
 * The embedded server's meters (apart from PrometheusMetrics, which the WAR uses too and so must
 * not name Jetty's server classes): the thread pool ({@code jetty_threads_*}) and, per entry point,
 * its open connections and selectors, read at each scrape (no listener on the connections' path).
 */
final class JettyMeters {

    private JettyMeters() {
    }

    static void bind(PrometheusMetrics metrics, ThreadPool threads, Map<String, ? extends ServerConnector> connectors) {
        MeterRegistry registry = metrics.registry();
        new JettyServerThreadPoolMetrics(threads, Tags.empty()).bindTo(registry);
        connectors.forEach((name, connector) -> {
            Gauge.builder("jetty.connections.current", connector, c -> c.getConnectedEndPoints().size())
                    .description("Open connections of the entry point").tag("entrypoint", name).register(registry);
            Gauge.builder("jetty.selectors", connector, c -> c.getSelectorManager().getSelectorCount())
                    .description("Selector threads of the entry point").tag("entrypoint", name).register(registry);
        });
    }

    /** Stops the metrics' GC listeners when the server stops. */
    static final class CloseOnStop implements LifeCycle.Listener {
        private final PrometheusMetrics metrics;

        CloseOnStop(PrometheusMetrics metrics) {
            this.metrics = metrics;
        }

        @Override
        public void lifeCycleStopped(LifeCycle event) {
            metrics.close();
        }
    }
}
