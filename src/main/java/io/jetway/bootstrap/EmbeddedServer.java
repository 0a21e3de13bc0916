package io.jetway.bootstrap;

import io.jetway.accesslog.AccessLog;
import io.jetway.config.ConnectionLimitsConfig;
import io.jetway.config.EntryPointConfig;
import io.jetway.config.RedirectionConfig;
import io.jetway.config.RespondingTimeoutsConfig;
import io.jetway.config.StaticConfig;
import io.jetway.net.CidrSet;
import io.jetway.routing.RouterStatus;
import io.jetway.routing.RoutingTable;
import io.jetway.server.control.JetwayRuntime;
import io.jetway.server.control.Stopping;
import io.jetway.server.entry.AuthorityAsHost;
import io.jetway.server.entry.ClientDeadlines;
import io.jetway.server.entry.EntryPoint;
import io.jetway.server.entry.EntryPointRedirect;
import io.jetway.server.entry.EntryPoints;
import io.jetway.server.entry.InFlightRequests;
import io.jetway.server.entry.JetwayServerConnector;
import io.jetway.server.entry.PlainServerErrorHandler;
import io.jetway.server.entry.PlainServletErrorHandler;
import io.jetway.server.entry.RequestPathCleaner;
import io.jetway.server.entry.TimedHttpConnectionFactory;
import io.jetway.server.tcp.Layer4ConnectionFactory;
import io.jetway.server.tcp.Layer4Metrics;
import io.jetway.server.tcp.ProxyProtocolGate;
import io.jetway.server.udp.UdpEntryPoint;
import io.jetway.server.udp.UdpTableRoutes;
import io.jetway.config.Layer4EntryPointConfig;
import org.eclipse.jetty.server.ProxyConnectionFactory;
import io.jetway.server.tcp.TcpForwarder;
import io.jetway.routing.RoutingTable;
import io.jetway.server.observe.ExchangeHandler;
import io.jetway.server.entry.DirectRoutingHandler;
import io.jetway.server.DataPlaneBeans;
import io.jetway.server.proxy.DirectForwarder;
import org.eclipse.jetty.server.Handler;
import io.jetway.server.observe.ExchangeObserver;
import io.jetway.server.observe.PrometheusMetrics;
import io.jetway.server.proxy.ProxyOptions;
import io.jetway.tls.SniAlpnConnectionFactory;
import io.jetway.tls.SniSslConnectionFactory;
import io.jetway.tls.TlsEngines;
import io.jetway.tls.TlsManager;
import io.jetway.tls.acme.CertificateResolvers;
import io.jetway.tls.acme.TlsAlpnChallengeConnectionFactory;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.websocket.server.config.JettyWebSocketServletContainerInitializer;
import org.eclipse.jetty.http.UriCompliance;
import org.eclipse.jetty.http2.server.HTTP2CServerConnectionFactory;
import org.eclipse.jetty.http2.server.HTTP2ServerConnectionFactory;
import org.eclipse.jetty.server.ConnectionFactory;
import org.eclipse.jetty.server.DetectorConnectionFactory;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.GracefulHandler;
import org.eclipse.jetty.util.component.AbstractLifeCycle;
import org.eclipse.jetty.util.component.Graceful;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/** Jetway as a program: embedded Jetty with one connector (HTTP/1.1, h2c and TLS with h2) per entry point. */
public final class EmbeddedServer implements AutoCloseable {

    /** An idle timeout long enough to mean none. */
    private static final long UNBOUNDED_IDLE_MILLIS = Duration.ofDays(365L * 100).toMillis();

    private final Server server;
    private final Map<String, ServerConnector> connectors;
    private final Map<String, UdpEntryPoint> udpEntryPoints;
    private final ServletContextHandler context;

    private final StaticConfig config;
    private final Stopping stopping;
    /** Null when the access log is off. */
    private final AccessLog accessLog;
    /** Names the requests a stop cuts when the grace time runs out. */
    private final InFlightRequests inFlight;

    private EmbeddedServer(Server server, Map<String, ServerConnector> connectors, Map<String, UdpEntryPoint> udpEntryPoints,
                           ServletContextHandler context, StaticConfig config, Stopping stopping, AccessLog accessLog,
                           InFlightRequests inFlight) {
        this.udpEntryPoints = udpEntryPoints;
        this.accessLog = accessLog;
        this.inFlight = inFlight;
        this.server = server;
        this.connectors = connectors;
        this.context = context;
        this.config = config;
        this.stopping = stopping;
    }

    /**
     * Traefik's graceful stop: /ping answers 503 at once; requests are still accepted for the
     * longest requestAcceptGraceTimeout; then the connectors close and requests in flight get up to
     * the longest graceTimeout to finish before the server stops.
     */
    public void stopGracefully() throws Exception {
        stopping.begin();
        Duration acceptGrace = Duration.ZERO;
        Duration grace = Duration.ZERO;
        for (EntryPointConfig ep : config.entryPoints().values()) {
            acceptGrace = max(acceptGrace, ep.lifecycle().requestAcceptGraceTimeout());
            grace = max(grace, ep.lifecycle().graceTimeout());
        }
        if (!acceptGrace.isZero()) {
            Thread.sleep(acceptGrace.toMillis());
        }
        // The wait is ours rather than Server.stop's: its timeout is an exception (the process
        // exited 1), and it cannot say which requests it cuts. Traefik cuts them and exits 0.
        CompletableFuture<Void> drained = Graceful.shutdown(server);
        try {
            drained.get(grace.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException graceExpired) {
            inFlight.logCut(grace);
        }
        server.setStopTimeout(0);
        server.stop();
    }

    /** Closes the access log file and opens it again (SIGUSR1, after a log rotation); nothing when it is off. */
    public void reopenAccessLog() {
        if (accessLog != null) {
            accessLog.reopen();
        }
    }

    private static Duration max(Duration a, Duration b) {
        return a.compareTo(b) >= 0 ? a : b;
    }

    public static EmbeddedServer start(StaticConfig config, ProxyOptions proxyOptions) throws Exception {
        // The default TLS options' SSLContext (JDK providers, trust store) takes a few hundred ms to
        // load and initialise: built on a second core while this thread loads Jetty's server classes.
        FutureTask<TlsManager> tlsInit = new FutureTask<>(() -> new TlsManager(TlsEngines.of(config.tlsEngine())));
        Thread tlsThread = new Thread(tlsInit, "jetway-start-tls");
        tlsThread.setDaemon(true);
        tlsThread.start();
        // The data plane never blocks a thread on I/O (async proxy), so a few workers per core
        // plus one selector per entry point and one for the backend client are enough; fewer
        // threads means fewer context switches (measured with proxy-bench on 2 cores). No
        // reserved threads: handing tasks straight to the pool beat Jetty's hand-over here.
        int workers = Math.max(8, 4 * Runtime.getRuntime().availableProcessors());
        // One more for the selector of the TCP backend connector.
        int maxThreads = workers + config.entryPoints().size() + 2 + (config.directForwarding() ? 1 : 0);
        QueuedThreadPool threads = new QueuedThreadPool(maxThreads, Math.min(8, maxThreads), 60_000, 0, null, null);
        threads.setName("jetway");
        Server server = new Server(threads);

        HttpConfiguration http = new HttpConfiguration();
        http.setSendServerVersion(false);
        http.setSendXPoweredBy(false);
        http.setSendDateHeader(false); // the backend's Date passes through
        // LEGACY lets encoded slashes, %2e segments and "//" through to the entry point's own path
        // cleaning (RoutingFilter: Traefik's normalisation, sanitizePath, encodedCharacters). Jetty's
        // parser still answers 400 itself to what no mode allows (%00, ".." above the root) and to
        // "..;" segments, which Tomcat backends would read as "..".
        http.setUriCompliance(UriCompliance.LEGACY);
        http.addCustomizer(new AuthorityAsHost()); // HTTP/2's :authority is the Host

        // The servlet context needs no TLS: built while the TLS thread may still be working.
        ServletContextHandler context = new ServletContextHandler("/", ServletContextHandler.NO_SESSIONS);
        context.getServletHandler().setDecodeAmbiguousURIs(true);
        // Error pages never show an exception's text: plain status text, as Traefik answers.
        context.setErrorHandler(new PlainServletErrorHandler());
        // CDI serves the management API's resources only: without the API, Weld (and Jersey's CDI
        // extension, which models the resources) never loads, a third of a start, and the control
        // plane is built by constructors. With it, Weld first: its listener must boot CDI before
        // Jetway's lifecycle listener asks for beans.
        boolean cdi = config.api().enabled();
        if (cdi) {
            context.addEventListener(new WeldBootListener());
        }
        JettyWebSocketServletContainerInitializer.configure(context, null);
        ProvidersStart providersStart = new ProvidersStart();
        context.addServletContainerInitializer(new JetwayInitializer(
                cdi ? JetwayInitializer.Beans.CDI : JetwayInitializer.Beans.CONSTRUCTED, providersStart));

        // TLS: every routing entry point also accepts TLS, told apart from plain HTTP by its first
        // bytes, because any router with a tls section may appear on it at the next reload.
        HttpConfiguration secureHttp = new HttpConfiguration(http);
        SecureRequestCustomizer secure = new SecureRequestCustomizer(false);
        secure.setSniRequired(false);
        secureHttp.addCustomizer(secure);

        PrometheusMetrics metrics = config.metrics().prometheus() ? new PrometheusMetrics(config.metrics()) : null;
        TlsManager tls = await(tlsInit);
        Map<String, ServerConnector> connectors = new LinkedHashMap<>();
        Map<String, UdpEntryPoint> udpEntryPoints = new LinkedHashMap<>();
        Map<Integer, EntryPoint> byPort = new HashMap<>();
        Map<String, EntryPoint> runtimeByName = new LinkedHashMap<>();
        List<String> names = new ArrayList<>();
        EntryPoint fallback = null;
        // TCP routers share the routing entry points with HTTP; their backends are dialled by one forwarder.
        TcpForwarder tcpForwarder = new TcpForwarder(threads, server.getScheduler(), server.getByteBufferPool(),
                metrics == null ? Layer4Metrics.NONE : metrics.layer4());
        server.addBean(tcpForwarder);
        Supplier<RoutingTable> tables = () -> {
            DataPlaneBeans beans = dataPlaneBeans(context);
            return beans == null ? null : beans.routingTables().current();
        };
        for (EntryPointConfig ep : config.entryPoints().values()) {
            if (ep.udp()) {
                continue; // UDP entry points have no connector: see the UDP entry points below
            }
            // No acceptor thread: the selector accepts, which saves a thread per entry point.
            ConnectionLimitsConfig limits = ep.connectionLimits();
            ClientDeadlines deadlines = ClientDeadlines.of(limits.respondingTimeouts());
            HttpConfiguration epHttp = withHeadLimit(http, limits);
            ServerConnector connector = EntryPoint.Role.of(ep.name(), config) == EntryPoint.Role.MANAGEMENT
                    ? new JetwayServerConnector(server, 0, 1, deadlines, new TimedHttpConnectionFactory(epHttp, deadlines),
                            streams(new HTTP2CServerConnectionFactory(epHttp), limits))
                    : new JetwayServerConnector(server, 0, 1, deadlines, withLayer4(ep, tables, tcpForwarder, tls,
                            tlsOrPlain(tls, withHeadLimit(secureHttp, limits), deadlines, limits)));
            connector.setName(ep.name());
            connector.setHost(ep.host() == null || ep.host().isEmpty() ? null : ep.host());
            connector.setPort(ep.port());
            connector.setIdleTimeout(idleTimeoutMillis(limits.respondingTimeouts(), deadlines));
            connector.setAcceptQueueSize(limits.acceptBacklog() == ConnectionLimitsConfig.SYSTEM_MAXIMUM
                    ? JetwayServerConnector.systemMaximumBacklog() : limits.acceptBacklog());
            if (metrics != null) {
                metrics.tcpEntryPoint(ep.name(), () -> connector.getConnectedEndPoints().size());
            }
            connector.open(); // bind now, so ephemeral ports are known before the application starts
            server.addConnector(connector);
            connectors.put(ep.name(), connector);
            EntryPoint runtimeEp = new EntryPoint(ep.name(), CidrSet.parse(ep.forwardedHeaders().trustedIPs()),
                    ep.forwardedHeaders().insecure(), EntryPoint.Role.of(ep.name(), config), null,
                    new RequestPathCleaner(ep.requestPath()));
            byPort.put(connector.getLocalPort(), runtimeEp);
            runtimeByName.put(ep.name(), runtimeEp);
            names.add(ep.name());
            if (runtimeEp.role() != EntryPoint.Role.MANAGEMENT && (fallback == null || ep.name().equals("web"))) {
                fallback = runtimeEp;
            }
        }

        // UDP entry points: one selector thread each, bound now like the connectors, closed at stop.
        for (EntryPointConfig ep : config.entryPoints().values()) {
            if (ep.udp()) {
                UdpEntryPoint udp = UdpEntryPoint.open(ep.name(), ep.host() == null ? "" : ep.host(), ep.port(),
                        ep.layer4().udpTimeout(), new UdpTableRoutes(ep.name(), tables));
                udpEntryPoints.put(ep.name(), udp);
                if (metrics != null) {
                    metrics.udpEntryPoint(udp); // open sessions, sessions and dropped datagrams, read at scrape
                }
                server.addBean(new UdpLifeCycle(udp));
            }
        }

        // Redirections name the target's actual port, known now that every connector is bound.
        for (EntryPointConfig ep : config.entryPoints().values()) {
            RedirectionConfig r = ep.redirection();
            if (r != null) {
                EntryPoint plain = runtimeByName.get(ep.name());
                EntryPoint redirecting = new EntryPoint(plain.name(), plain.trustedIPs(), plain.insecureForwardedHeaders(),
                        plain.role(), new EntryPointRedirect(r.scheme(), r.to().startsWith(":")
                        ? Integer.parseInt(r.to().substring(1)) : connectors.get(r.to()).getLocalPort(),
                        r.permanent(), r.priority()), plain.paths());
                byPort.put(connectors.get(ep.name()).getLocalPort(), redirecting);
                if (fallback == plain) {
                    fallback = redirecting;
                }
            }
        }
        if (fallback == null && !byPort.isEmpty()) {
            fallback = byPort.values().iterator().next(); // only management entry points
        }
        Stopping stopping = new Stopping();
        EntryPoints entryPoints = new EntryPoints(byPort, fallback, names);
        context.setAttribute(JetwayRuntime.ATTRIBUTE,
                new JetwayRuntime(config, entryPoints, proxyOptions, metrics, stopping, tls));
        // Counts requests in flight so a stop can wait for them (up to the grace timeout).
        GracefulHandler graceful = new GracefulHandler();
        AccessLog accessLog = config.accessLog().enabled() ? AccessLog.start(config.accessLog()) : null;
        if (accessLog != null) {
            // Added before the handler, so it stops after it: the last requests' lines are written, then it closes.
            server.addBean(new AccessLogLifeCycle(accessLog));
        }
        Handler routes = context;
        if (config.directForwarding()) {
            // Requests that need nothing of the servlet layer skip it (issue 18); the rest go on to the context.
            DirectForwarder forwarder = new DirectForwarder(proxyOptions, threads, server.getScheduler(), server.getByteBufferPool());
            server.addBean(forwarder);
            routes = new DirectRoutingHandler(entryPoints, forwarder, () -> dataPlaneBeans(context), tls != null, context);
        }
        InFlightRequests inFlight = new InFlightRequests(
                metrics == null && accessLog == null ? routes : new ExchangeHandler(new ExchangeObserver(metrics, accessLog), routes));
        graceful.setHandler(inFlight);
        server.setHandler(graceful);
        server.addBean(providersStart); // after the handler: see ProvidersStart
        server.setErrorHandler(new PlainServerErrorHandler());
        server.setStopAtShutdown(false);
        if (metrics != null) {
            JettyMeters.bind(metrics, threads, connectors);
            server.addEventListener(new JettyMeters.CloseOnStop(metrics));
        }
        server.start();
        return new EmbeddedServer(server, connectors, udpEntryPoints, context, config, stopping, accessLog, inFlight);
    }

    /** The data plane's shared state once the context has started it, else null. */
    private static DataPlaneBeans dataPlaneBeans(ServletContextHandler context) {
        return context.getServletContext().getAttribute(DataPlaneBeans.ATTRIBUTE) instanceof DataPlaneBeans beans ? beans : null;
    }

    /** The task's result, or what it threw. */
    static <T> T await(FutureTask<T> task) throws Exception {
        try {
            return task.get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof Exception cause) {
                throw cause;
            }
            throw (Error) e.getCause();
        }
    }

    /** Closes a UDP entry point when the server stops. */
    private static final class UdpLifeCycle extends AbstractLifeCycle {
        private final UdpEntryPoint udp;

        UdpLifeCycle(UdpEntryPoint udp) {
            this.udp = udp;
        }

        @Override
        protected void doStop() {
            udp.close();
        }
    }

    /** Closes the access log when the server stops. */
    private static final class AccessLogLifeCycle extends AbstractLifeCycle {
        private final AccessLog accessLog;

        AccessLogLifeCycle(AccessLog accessLog) {
            this.accessLog = accessLog;
        }

        @Override
        protected void doStop() throws Exception {
            accessLog.close();
        }
    }


    /**
     * Detects TLS by its first bytes: a ClientHello goes to TLS (options chosen by its server name,
     * then h2 or http/1.1 by ALPN); anything else is plain HTTP/1.1 or h2c.
     */
    /** The entry point's {@code http2.maxConcurrentStreams} (Traefik's default 250, not Jetty's 128). */
    private static <F extends org.eclipse.jetty.http2.server.AbstractHTTP2ServerConnectionFactory> F streams(F factory,
                                                                                                         ConnectionLimitsConfig limits) {
        factory.setMaxConcurrentStreams(limits.http2MaxConcurrentStreams());
        return factory;
    }

    private static ConnectionFactory[] tlsOrPlain(TlsManager tls, HttpConfiguration http, ClientDeadlines deadlines,
                                                  ConnectionLimitsConfig limits) {
        // The protocols offered by ALPN are those of the server name's TLS options (h2, http/1.1 by
        // default), and acme-tls/1 while a TLS-ALPN-01 challenge for that name is in progress.
        SniAlpnConnectionFactory alpn = new SniAlpnConnectionFactory("h2", "http/1.1");
        SniSslConnectionFactory ssl = new SniSslConnectionFactory(tls, alpn.getProtocol());
        return new ConnectionFactory[]{new DetectorConnectionFactory(ssl), new TimedHttpConnectionFactory(http, deadlines),
                streams(new HTTP2CServerConnectionFactory(http), limits), alpn, streams(new HTTP2ServerConnectionFactory(http), limits),
                new TlsAlpnChallengeConnectionFactory()};
    }

    /**
     * Puts the layer-4 decision in front of an entry point's HTTP factories: without TCP routers
     * it hands every connection straight to the first of them.
     */
    private static ConnectionFactory[] withLayer4(EntryPointConfig ep, Supplier<RoutingTable> tables, TcpForwarder forwarder,
                                                  TlsManager tls, ConnectionFactory[] httpFactories) {
        List<ConnectionFactory> all = new ArrayList<>();
        Layer4ConnectionFactory layer4 = new Layer4ConnectionFactory(ep.name(), tables, httpFactories[0], forwarder, tls,
                ep.layer4().serverFirstAfter());
        Layer4EntryPointConfig.ProxyProtocolConfig proxyProtocol = ep.layer4().proxyProtocol();
        if (proxyProtocol != null) {
            // The PROXY header is read before anything else, from the peers the entry point trusts.
            ProxyConnectionFactory reader = ProxyProtocolGate.reader(Layer4ConnectionFactory.PROTOCOL);
            all.add(new ProxyProtocolGate(CidrSet.parse(proxyProtocol.trustedIPs()), proxyProtocol.insecure(), reader, layer4));
            all.add(reader);
        }
        all.add(layer4);
        all.addAll(List.of(httpFactories));
        return all.toArray(ConnectionFactory[]::new);
    }

    /** An entry point's HTTP settings with its request head limit (Traefik's http.maxHeaderBytes; Jetty answers 431, or 414 for the URI). */
    private static HttpConfiguration withHeadLimit(HttpConfiguration shared, ConnectionLimitsConfig limits) {
        HttpConfiguration http = new HttpConfiguration(shared);
        http.setRequestHeaderSize(limits.maxHeaderBytes());
        return http;
    }

    /** How long a connection may wait for its next request, or 0 for ever. */
    private static long idleTimeoutMillis(RespondingTimeoutsConfig timeouts, ClientDeadlines deadlines) {
        long idle = timeouts.effectiveIdleTimeout().toMillis();
        // The deadlines are checked by the idle timeout's timer: it must run even when idling is unbounded.
        return idle > 0 || !deadlines.any() ? idle : UNBOUNDED_IDLE_MILLIS;
    }

    /** The port an entry point actually listens on (useful with port 0). */
    /** Requests forwarded below the servlet layer since the start (0 with --proxy.directforwarding=false). */
    public long directlyForwardedRequests() {
        DirectForwarder forwarder = server.getBean(DirectForwarder.class);
        return forwarder == null ? 0 : forwarder.forwardedRequests();
    }

    public int port(String entryPoint) {
        ServerConnector c = connectors.get(entryPoint);
        if (c == null && udpEntryPoints.containsKey(entryPoint)) {
            return udpEntryPoints.get(entryPoint).localAddress().getPort();
        }
        if (c == null) {
            throw new IllegalArgumentException("no entry point " + entryPoint);
        }
        return c.getLocalPort();
    }

    /** The beans this server's filter and proxy servlet use (its own, not CDI.current()'s). */
    DataPlaneBeans dataPlaneBeans() {
        return DataPlaneBeans.of(servletContext());
    }

    /** The servlet context Jetway is wired into. */
    jakarta.servlet.ServletContext servletContext() {
        return context.getServletContext();
    }

    /** The routing table serving now (this server's own, not CDI.current()'s). */
    public RoutingTable routingTable() {
        return dataPlaneBeans().routingTables().current();
    }

    /** The ACME certificates resolvers, or null when none is configured. */
    public CertificateResolvers certificateResolvers() {
        return dataPlaneBeans().certificateResolvers();
    }

    /** The routers of the current table with their status and errors. */
    public List<RouterStatus> routerStatuses() {
        return routingTable().routerStatuses();
    }

    public void join() throws InterruptedException {
        server.join();
    }

    @Override
    public void close() throws Exception {
        server.stop();
    }
}
