package io.jetway.dynamic;

import io.jetway.kube.ObjectRef;

import java.time.Duration;
import java.util.List;

/** Traefik's HTTP service kinds. */
public sealed interface ServiceConfig {

    ObjectRef source();

    /** The Traefik type name shown by the API: loadbalancer, weighted, mirroring, failover. */
    String type();

    /**
     * @param terminating the endpoint is shutting down (EndpointSlice {@code terminating}): it gets
     *                    no new clients but keeps the sticky ones it has
     */
    record Server(String url, int weight, boolean terminating) {
        public Server(String url, int weight) {
            this(url, weight, false);
        }
    }

    record Sticky(String cookieName, boolean secure, boolean httpOnly, String sameSite, int maxAge,
                  String domain, String path) {
    }

    /**
     * Servers behind one Kubernetes Service port.
     *
     * @param healthCheck        active checks, or null
     * @param passiveHealthCheck taking a server out after failed requests, or null
     */
    record LoadBalancer(List<Server> servers, boolean passHostHeader, Duration flushInterval, String strategy,
                        Sticky sticky, String serversTransport, HealthCheck healthCheck,
                        PassiveHealthCheck passiveHealthCheck, ObjectRef source) implements ServiceConfig {
        public static final Duration DEFAULT_FLUSH_INTERVAL = Duration.ofMillis(100);

        public LoadBalancer {
            servers = List.copyOf(servers);
        }

        public LoadBalancer(List<Server> servers, boolean passHostHeader, Duration flushInterval, String strategy,
                            Sticky sticky, String serversTransport, ObjectRef source) {
            this(servers, passHostHeader, flushInterval, strategy, sticky, serversTransport, null, null, source);
        }

        @Override
        public String type() {
            return "loadbalancer";
        }
    }

    /**
     * @param status      when set, the child is no service but this answer (Traefik's WRR child with a
     *                    status: a Gateway API backend that cannot be used keeps its share as 500s)
     * @param middlewares run on the requests this child gets, after the router's (Traefik's service
     *                    middlewares: a Gateway API backendRef's own filters)
     */
    record WeightedChild(String name, int weight, Integer status, List<String> middlewares) {
        public WeightedChild {
            middlewares = middlewares == null ? List.of() : List.copyOf(middlewares);
        }

        public WeightedChild(String name, int weight, Integer status) {
            this(name, weight, status, List.of());
        }

        public WeightedChild(String name, int weight) {
            this(name, weight, null);
        }

        /** A child that answers {@code status} itself. */
        public static WeightedChild answering(String name, int weight, int status) {
            return new WeightedChild(name, weight, status);
        }
    }

    /** Weighted round robin over other services. */
    record Weighted(List<WeightedChild> services, Sticky sticky, ObjectRef source) implements ServiceConfig {
        public Weighted {
            services = List.copyOf(services);
        }

        @Override
        public String type() {
            return "weighted";
        }
    }

    record Mirror(String name, int percent) {
    }

    /**
     * The main service answers; each mirror gets a copy of {@code percent}% of the requests.
     * maxBodySize -1 means no limit.
     */
    record Mirroring(String service, List<Mirror> mirrors, boolean mirrorBody, long maxBodySize,
                     ObjectRef source) implements ServiceConfig {
        public Mirroring {
            mirrors = List.copyOf(mirrors);
        }

        @Override
        public String type() {
            return "mirroring";
        }
    }

    /** The fallback serves while the main service has no available server. */
    record Failover(String service, String fallback, ObjectRef source) implements ServiceConfig {
        @Override
        public String type() {
            return "failover";
        }
    }
}
