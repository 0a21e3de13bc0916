package io.jetway.service.health;

import io.jetway.dynamic.HealthCheck;
import io.jetway.dynamic.ServersTransport;
import org.eclipse.jetty.client.BufferingResponseListener;
import org.eclipse.jetty.client.BytesRequestContent;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.client.Request;
import org.eclipse.jetty.client.Result;
import org.eclipse.jetty.client.transport.HttpClientConnectionFactory;
import org.eclipse.jetty.client.transport.HttpClientTransportDynamic;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpVersion;
import org.eclipse.jetty.http2.client.HTTP2Client;
import org.eclipse.jetty.http2.client.transport.ClientConnectionFactoryOverHTTP2;
import org.eclipse.jetty.io.ClientConnector;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.eclipse.jetty.util.thread.Scheduler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.URI;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * Runs the active health checks of the current table: one probe per server, each on its own
 * schedule (interval while up, unhealthyInterval while down). A reload that keeps a check keeps its
 * probe and the server's status; removed checks stop. Results go to the server's
 * {@link ServerHealth}, which the load balancers read.
 */
public final class ActiveHealthMonitor implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ActiveHealthMonitor.class);

    private final Map<String, Probe> probes = new HashMap<>();
    /** One client per servers transport in use (key: the transport, or NO_TRANSPORT for the default). */
    private final Map<Object, HttpClient> clients = new HashMap<>();
    private final Function<ServersTransport, SslContextFactory.Client> tls;
    private boolean closed;

    private static final Object NO_TRANSPORT = new Object();

    /** Checks with the JVM's default TLS settings. */
    public ActiveHealthMonitor() {
        this(transport -> new SslContextFactory.Client());
    }

    /** @param tls the TLS settings of a servers transport (null: the default transport) */
    public ActiveHealthMonitor(Function<ServersTransport, SslContextFactory.Client> tls) {
        this.tls = tls;
    }

    /** Makes the running probes those of {@code targets}. */
    public synchronized void update(List<HealthTarget> targets) {
        if (closed) {
            return;
        }
        Map<String, HealthTarget> wanted = new LinkedHashMap<>();
        targets.forEach(t -> wanted.put(t.key(), t));
        probes.values().removeIf(probe -> {
            HealthTarget next = wanted.get(probe.target.key());
            boolean keep = next != null && next.check().equals(probe.target.check()) && next.health() == probe.target.health()
                    && java.util.Objects.equals(next.transport(), probe.target.transport());
            if (!keep) {
                probe.cancel();
            }
            return !keep;
        });
        for (HealthTarget target : wanted.values()) {
            if (!probes.containsKey(target.key())) {
                Probe probe = new Probe(target, client(target.transport()));
                probes.put(target.key(), probe);
                probe.schedule(Duration.ZERO);
            }
        }
        stopUnusedClients();
    }

    private void stopUnusedClients() {
        java.util.Set<Object> used = new java.util.HashSet<>();
        probes.values().forEach(p -> used.add(keyOf(p.target.transport())));
        clients.entrySet().removeIf(e -> {
            if (used.contains(e.getKey())) {
                return false;
            }
            stop(e.getValue());
            return true;
        });
    }

    private static Object keyOf(ServersTransport transport) {
        return transport == null ? NO_TRANSPORT : transport;
    }

    public synchronized int probeCount() {
        return probes.size();
    }

    private HttpClient client(ServersTransport transport) {
        HttpClient client = clients.get(keyOf(transport));
        if (client == null) {
            ClientConnector connector = new ClientConnector();
            connector.setSelectors(1);
            connector.setSslContextFactory(tls.apply(transport));
            // HTTP/1.1 for http checks; HTTP/2 for gRPC checks (prior knowledge, or ALPN over TLS).
            HttpClient c = new HttpClient(new HttpClientTransportDynamic(connector,
                    HttpClientConnectionFactory.HTTP11, new ClientConnectionFactoryOverHTTP2.HTTP2(new HTTP2Client(connector))));
            c.setName("jetway-health");
            c.setUserAgentField(new org.eclipse.jetty.http.HttpField(HttpHeader.USER_AGENT, "Jetway health check"));
            try {
                c.start();
            } catch (Exception e) {
                throw new IllegalStateException("cannot start the health-check client", e);
            }
            clients.put(keyOf(transport), c);
            client = c;
        }
        return client;
    }

    @Override
    public synchronized void close() {
        closed = true;
        probes.values().forEach(Probe::cancel);
        probes.clear();
        clients.values().forEach(ActiveHealthMonitor::stop);
        clients.clear();
    }

    private static void stop(HttpClient client) {
        try {
            client.stop();
        } catch (Exception e) {
            LOG.debug("event=health-client-stop-failed", e);
        }
    }

    /** The checks of one server, one at a time, each scheduled when the previous one ends. */
    private static final class Probe {
        private final HealthTarget target;
        private final HttpClient client;
        private final URI url;
        private volatile boolean cancelled;
        private volatile Scheduler.Task task;

        Probe(HealthTarget target, HttpClient client) {
            this.target = target;
            this.client = client;
            this.url = checkUrl(target.serverUrl(), target.check());
        }

        static URI checkUrl(String serverUrl, HealthCheck check) {
            URI server = URI.create(serverUrl);
            String scheme = check.scheme() != null ? check.scheme() : server.getScheme();
            if (scheme.equals("h2c")) {
                scheme = "http";
            }
            String path = check.mode().equals("grpc") ? "/" : check.path();
            int port = check.port() != 0 ? check.port() : server.getPort();
            return URI.create(scheme + "://" + server.getRawAuthority().replaceFirst(":\\d+$", "") + ":" + port + path);
        }

        void schedule(Duration delay) {
            if (!cancelled) {
                task = client.getScheduler().schedule(this::check, delay.toMillis(), TimeUnit.MILLISECONDS);
            }
        }

        void cancel() {
            cancelled = true;
            Scheduler.Task t = task;
            if (t != null) {
                t.cancel();
            }
        }

        private void check() {
            if (cancelled) {
                return;
            }
            HealthCheck check = target.check();
            if (check.mode().equals("grpc")) {
                checkGrpc(check);
                return;
            }
            Request request;
            try {
                request = client.newRequest(url).method(check.method()).followRedirects(check.followRedirects())
                        .timeout(check.timeout().toMillis(), TimeUnit.MILLISECONDS);
                if (check.hostname() != null) {
                    request.headers(h -> h.put(HttpHeader.HOST, check.hostname()));
                }
                check.headers().forEach((name, value) -> request.headers(h -> h.put(name, value)));
            } catch (RuntimeException e) {
                report(false, e.toString());
                schedule(check.unhealthyInterval());
                return;
            }
            request.send(result -> {
                boolean up = !result.isFailed() && check.isUp(result.getResponse().getStatus());
                report(up, result.isFailed() ? String.valueOf(result.getFailure())
                        : "status " + result.getResponse().getStatus());
                schedule(up ? check.interval() : check.unhealthyInterval());
            });
        }

        /**
         * The gRPC health-checking protocol: grpc.health.v1.Health/Check for the whole server
         * (an empty request message); up when the answer is SERVING with grpc-status 0.
         */
        private void checkGrpc(HealthCheck check) {
            Request request = client.newRequest(url.resolve(GrpcHealth.PATH)).method("POST").version(HttpVersion.HTTP_2)
                    .timeout(check.timeout().toMillis(), TimeUnit.MILLISECONDS)
                    .headers(h -> {
                        h.put(HttpHeader.CONTENT_TYPE, "application/grpc");
                        h.put(HttpHeader.TE, "trailers");
                        if (check.hostname() != null) {
                            h.put(HttpHeader.HOST, check.hostname());
                        }
                        check.headers().forEach(h::put);
                    })
                    .body(new BytesRequestContent(GrpcHealth.REQUEST));
            request.send(new BufferingResponseListener(64 * 1024) {
                @Override
                public void onComplete(Result result) {
                    String verdict = result.isFailed() ? String.valueOf(result.getFailure())
                            : GrpcHealth.verdict(result.getResponse(), getContent());
                    boolean up = verdict.equals(GrpcHealth.SERVING);
                    report(up, verdict);
                    schedule(up ? check.interval() : check.unhealthyInterval());
                }
            });
        }

        private void report(boolean up, String why) {
            if (cancelled) {
                return;
            }
            if (target.health().setActiveUp(up)) {
                if (up) {
                    LOG.info("event=server-up service={} server={} check={}", target.service(), target.serverUrl(), url);
                } else {
                    LOG.warn("event=server-down service={} server={} check={} msg=\"{}\"",
                            target.service(), target.serverUrl(), url, why);
                }
            }
        }
    }
}
