package io.jetway.bootstrap;

import io.jetway.accesslog.AccessLog;
import io.jetway.config.ConfigException;
import io.jetway.config.StaticConfig;
import io.jetway.routing.RoutingTable;
import io.jetway.routing.RoutingTableHolder;
import io.jetway.server.DataPlaneBeans;
import io.jetway.server.control.JetwayRuntime;
import io.jetway.server.control.Stopping;
import io.jetway.server.entry.EntryPoints;
import io.jetway.server.observe.ExchangeFilter;
import io.jetway.server.observe.ExchangeObserver;
import io.jetway.server.observe.PrometheusMetrics;
import io.jetway.server.proxy.ProxyOptions;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.FilterRegistration;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.util.EnumSet;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * Jetway as a WAR, declared in its web.xml after Weld's listener (which boots CDI first and shuts
 * it down last): reads the static configuration ({@link WarConfiguration}) and wires the same
 * filter and servlets as the embedded server ({@link JetwayInitializer}). A listener rather than
 * a ServletContainerInitializer, so that Jetty needs no annotations module (whose CDI API on the
 * server's class path would hide the WAR's Weld).
 */
public final class WarListener implements ServletContextListener {

    private static final Logger LOG = LoggerFactory.getLogger(WarListener.class);

    /** Where Jetty puts its thread pool for web applications; Jetty's proxy looks for it there. */
    private static final String SERVER_EXECUTOR = "org.eclipse.jetty.server.Executor";
    private static final int PROXY_THREADS = 200;

    private ServletContextListener lifecycle;
    private RoutingTableHolder holder;
    private AccessLog accessLog;
    private PrometheusMetrics metrics;
    private final AtomicBoolean toldTls = new AtomicBoolean();
    private final AtomicBoolean toldLayer4 = new AtomicBoolean();
    private final Consumer<RoutingTable> tlsNotice = table -> {
        if (WarConfiguration.usesTls(table.config()) && toldTls.compareAndSet(false, true)) {
            LOG.warn("event=war-unavailable feature=tls msg=\"TLS on routers, TLSOption and TLSStore not available"
                    + " in WAR mode: configure TLS on the container's connectors\"");
        }
        if (WarConfiguration.usesLayer4(table.config()) && toldLayer4.compareAndSet(false, true)) {
            LOG.warn(WarConfiguration.LAYER4_UNAVAILABLE);
        }
    };

    @Override
    public void contextInitialized(ServletContextEvent event) {
        ServletContext context = event.getServletContext();
        if (context.getAttribute(JetwayRuntime.ATTRIBUTE) != null) {
            return; // a launcher has wired this context already
        }
        Path file = WarConfiguration.location(context.getInitParameter(WarConfiguration.PARAMETER),
                System.getProperty(WarConfiguration.PARAMETER), System.getenv(WarConfiguration.ENVIRONMENT_VARIABLE));
        StaticConfig config;
        try {
            config = WarConfiguration.read(file);
        } catch (ConfigException e) {
            // This deployment fails; the container and its other applications go on.
            LOG.error("event=war-config-invalid configfile={} msg=\"{}\"", file, e.getMessage());
            throw new IllegalStateException(e.getMessage(), e);
        }
        EntryPoints entryPoints = WarConfiguration.entryPoints(config);
        LOG.info("event=war-start context=\"{}\" configfile={} entrypoints={}", context.getContextPath(),
                file == null ? "none" : file, entryPoints.names());
        for (String message : WarConfiguration.unavailable(config)) {
            LOG.warn("event=war-unavailable {}", message);
        }
        metrics = config.metrics().prometheus() ? new PrometheusMetrics(config.metrics()) : null;
        JetwayRuntime runtime = new JetwayRuntime(config, entryPoints, ProxyOptions.from(config),
                metrics, new Stopping());
        context.setAttribute(JetwayRuntime.ATTRIBUTE, runtime);
        accessLog = config.accessLog().enabled() ? AccessLog.start(config.accessLog()) : null;
        if (metrics != null || accessLog != null) {
            // No Jetty Handler wraps a WAR: exchanges are observed at the servlet level, first in the chain.
            FilterRegistration.Dynamic exchanges = context.addFilter("jetway-exchanges", new ExchangeFilter(entryPoints,
                    new ExchangeObserver(metrics, accessLog)));
            exchanges.setAsyncSupported(true);
            exchanges.addMappingForUrlPatterns(EnumSet.of(DispatcherType.REQUEST), false, "/*");
        }
        // In a container the first tables load before this listener returns: no connector of
        // Jetway's to hold back until then.
        lifecycle = JetwayInitializer.wire(runtime, context, JetwayInitializer.Beans.CDI, null);
        if (context.getAttribute(SERVER_EXECUTOR) == null) {
            // Not Jetty (Tomcat...): Jetty's proxy brings its own threads instead of the server's.
            context.getServletRegistration(JetwayInitializer.PROXY_SERVLET).setInitParameter("maxThreads",
                    String.valueOf(PROXY_THREADS));
        }
        lifecycle.contextInitialized(event);
        holder = DataPlaneBeans.of(context).routingTables();
        holder.addSwapListener(tlsNotice);
    }

    @Override
    public void contextDestroyed(ServletContextEvent event) {
        JetwayRuntime runtime = (JetwayRuntime) event.getServletContext().getAttribute(JetwayRuntime.ATTRIBUTE);
        if (runtime != null) {
            runtime.stopping().begin();
        }
        if (holder != null) {
            holder.removeSwapListener(tlsNotice);
        }
        if (lifecycle != null) {
            lifecycle.contextDestroyed(event);
            LOG.info("event=war-stop context=\"{}\"", event.getServletContext().getContextPath());
        }
        event.getServletContext().removeAttribute(JetwayRuntime.ATTRIBUTE);
        if (metrics != null) {
            metrics.close(); // the GC listeners would keep the old application alive across a redeploy
        }
        if (accessLog != null) {
            try {
                accessLog.close(); // writes what is queued, then stops its thread
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
