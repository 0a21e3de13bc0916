package io.jetway.bootstrap;

import io.jetway.api.DashboardServlet;
import io.jetway.api.ManagementApplication;
import io.jetway.api.PingServlet;
import io.jetway.config.ApiConfig;
import io.jetway.config.PingConfig;
import io.jetway.build.RuntimeSnapshotHolder;
import io.jetway.server.DataPlaneBeans;
import io.jetway.server.control.ControlPlane;
import io.jetway.server.control.JetwayRuntime;
import io.jetway.server.entry.InternalEndpoints;
import io.jetway.server.entry.RoutingFilter;
import io.jetway.server.observe.MetricsServlet;
import io.jetway.server.proxy.JetwayProxyServlet;
import io.jetway.server.proxy.WebSocketTunnel;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.spi.Bean;
import jakarta.enterprise.inject.spi.BeanManager;
import jakarta.enterprise.inject.spi.CDI;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.FilterRegistration;
import jakarta.servlet.Servlet;
import jakarta.servlet.ServletContainerInitializer;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;
import jakarta.servlet.ServletRegistration;

import org.glassfish.jersey.servlet.ServletContainer;

import java.util.EnumSet;
import java.util.concurrent.Executor;
import java.util.Set;

/**
 * Wires Jetway into a servlet context, the same way embedded and in a container: the lifecycle
 * listener that starts the control plane (once CDI is up when CDI holds it), the routing filter
 * and the proxy servlet.
 */
public final class JetwayInitializer implements ServletContainerInitializer {

    static final String PROXY_SERVLET = "jetway-proxy";

    /** Where the lifecycle listener takes the control plane and the routing-table holder from. */
    enum Beans {
        /** CDI's beans: the management API's resources inject the same ones (Weld booted before). */
        CDI,
        /** Created here by constructors: without the API nothing else needs them, and Weld never starts. */
        CONSTRUCTED
    }

    private final Beans beans;
    private final Executor providersStart;

    /**
     * @param providersStart runs the providers' first load beside the rest of the start (the
     *                       embedded server's {@link ProvidersStart}); null to load before the
     *                       listener returns
     */
    JetwayInitializer(Beans beans, Executor providersStart) {
        this.beans = beans;
        this.providersStart = providersStart;
    }

    @Override
    public void onStartup(Set<Class<?>> classes, ServletContext context) {
        JetwayRuntime runtime = (JetwayRuntime) context.getAttribute(JetwayRuntime.ATTRIBUTE);
        if (runtime == null) {
            context.log("Jetway: no runtime configuration in this context; not starting");
            return;
        }
        context.addListener(wire(runtime, context, beans, providersStart));
    }

    /**
     * Adds the routing filter, the proxy and the internal servlets, and returns the listener that
     * starts and stops the control plane: for the caller to register, or to call when it may not
     * register one (a listener declared in web.xml, see {@link WarListener}).
     */
    static ServletContextListener wire(JetwayRuntime runtime, ServletContext context, Beans beans,
                                       Executor providersStart) {
        WebSocketTunnel tunnel = new WebSocketTunnel(runtime.proxyOptions());
        Lifecycle lifecycle = new Lifecycle(runtime, tunnel, beans, providersStart);

        JetwayProxyServlet proxyServlet = new JetwayProxyServlet(runtime.proxyOptions());
        FilterRegistration.Dynamic filter = context.addFilter("jetway-routing",
                new RoutingFilter(runtime.entryPoints(), tunnel, internalEndpoints(runtime, context), proxyServlet,
                        runtime.tls()));
        filter.setAsyncSupported(true);
        filter.addMappingForUrlPatterns(EnumSet.of(DispatcherType.REQUEST, DispatcherType.ASYNC), false, "/*");

        ServletRegistration.Dynamic proxy = context.addServlet(PROXY_SERVLET, proxyServlet);
        proxy.setAsyncSupported(true);
        // Jetty's proxy applies these after newHttpClient(): without them it would cap a whole
        // exchange at 60 s (cutting long streams) and idle connections at 30 s. Traefik has no
        // total limit; responseHeaderTimeout and idleConnTimeout come from the servers transport.
        proxy.setInitParameter("timeout", "0");
        proxy.setInitParameter("idleTimeout", String.valueOf(runtime.proxyOptions().idleConnTimeout().toMillis()));
        proxy.setInitParameter("maxConnections", String.valueOf(runtime.proxyOptions().maxConnectionsPerServer()));
        proxy.setLoadOnStartup(1);
        proxy.addMapping("/");
        return lifecycle;
    }

    /**
     * The API, dashboard, ping and metrics servlets, for the features that are on. They get no URL mapping:
     * the routing filter alone decides who reaches them (see {@link InternalEndpoints}).
     */
    private static InternalEndpoints internalEndpoints(JetwayRuntime runtime, ServletContext context) {
        ApiConfig api = runtime.config().api();
        PingConfig ping = runtime.config().ping();
        Servlet apiServlet = api.enabled() ? new ServletContainer(new ManagementApplication()) : null;
        Servlet dashboardServlet = api.dashboardEnabled() ? new DashboardServlet() : null;
        Servlet pingServlet = ping.enabled() ? new PingServlet(runtime.stopping()) : null;
        register(context, "jetway-api", apiServlet);
        register(context, "jetway-dashboard", dashboardServlet);
        Servlet metricsServlet = runtime.metrics() == null ? null : new MetricsServlet(runtime.metrics());
        register(context, "jetway-ping", pingServlet);
        register(context, "jetway-metrics", metricsServlet);
        return new InternalEndpoints(api, ping, apiServlet, dashboardServlet, pingServlet,
                runtime.config().metrics(), metricsServlet);
    }

    private static void register(ServletContext context, String name, Servlet servlet) {
        if (servlet != null) {
            ServletRegistration.Dynamic registration = context.addServlet(name, servlet);
            registration.setAsyncSupported(true);
            registration.setLoadOnStartup(1); // initialised with the context: the filter calls it directly
        }
    }

    /**
     * Starts the control plane (after CDI has booted, when CDI holds it) and stops it (before CDI
     * shuts down).
     */
    private static final class Lifecycle implements ServletContextListener {
        private final JetwayRuntime runtime;
        private final WebSocketTunnel tunnel;
        private final Beans beans;
        private final Executor providersStart;
        private ControlPlane controlPlane;

        Lifecycle(JetwayRuntime runtime, WebSocketTunnel tunnel, Beans beans, Executor providersStart) {
            this.runtime = runtime;
            this.tunnel = tunnel;
            this.beans = beans;
            this.providersStart = providersStart;
        }

        @Override
        public void contextInitialized(ServletContextEvent event) {
            RuntimeSnapshotHolder holder;
            if (beans == Beans.CDI) {
                controlPlane = CDI.current().select(ControlPlane.class).get();
                holder = applicationScopedInstance(RuntimeSnapshotHolder.class);
            } else {
                holder = new RuntimeSnapshotHolder();
                controlPlane = new ControlPlane(holder);
            }
            controlPlane.prepare(runtime);
            // The beans are looked up here, once: the filter and the proxy servlet initialise after
            // the listeners and take them from the context, as does the embedded server for its own
            // view of its table (several servers may share a JVM).
            event.getServletContext().setAttribute(DataPlaneBeans.ATTRIBUTE,
                    new DataPlaneBeans(holder, controlPlane.certificateResolvers()));
            if (providersStart == null) {
                controlPlane.startProviders();
            } else {
                providersStart.execute(controlPlane::startProviders);
            }
            try {
                tunnel.start();
            } catch (Exception e) {
                throw new IllegalStateException("cannot start the WebSocket client", e);
            }
        }

        /**
         * The instance of an application-scoped bean itself, from its context, rather than CDI's
         * client proxy: each call through the proxy looks the instance up again, and the request
         * path calls the routing-table holder on every request. The instance lasts as long as the
         * application. (A method returning {@code this} would not do: Weld's proxy hands itself back.)
         */
        private static <T> T applicationScopedInstance(Class<T> type) {
            BeanManager beans = CDI.current().getBeanManager();
            @SuppressWarnings("unchecked")
            Bean<T> bean = (Bean<T>) beans.resolve(beans.getBeans(type));
            return beans.getContext(ApplicationScoped.class).get(bean, beans.createCreationalContext(bean));
        }

        @Override
        public void contextDestroyed(ServletContextEvent event) {
            if (controlPlane != null) {
                controlPlane.stop();
            }
            try {
                tunnel.close();
            } catch (Exception e) {
                event.getServletContext().log("Jetway: stopping the WebSocket client failed", e);
            }
        }
    }
}
