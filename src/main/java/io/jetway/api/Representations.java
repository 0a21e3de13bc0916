package io.jetway.api;

import jakarta.json.bind.annotation.JsonbProperty;

import java.util.List;
import java.util.Map;

/**
 * Traefik's API documents as records, field for field (JSON-B leaves out null components, as Go's
 * {@code omitempty} leaves out empty ones). The list endpoints add {@code name} and
 * {@code provider}, which the raw data leaves null because there the name is the key.
 */
public final class Representations {

    private Representations() {
    }

    public record RouterInfo(List<String> entryPoints, List<String> middlewares, String service, String rule,
                             String ruleSyntax, Integer priority, List<String> parentRefs, RouterTlsInfo tls,
                             List<String> error, String status, List<String> using, String name, String provider) {

        RouterInfo named(String routerName) {
            return new RouterInfo(entryPoints, middlewares, service, rule, ruleSyntax, priority, parentRefs, tls, error,
                    status, using, routerName, RuntimeView.providerOf(routerName));
        }
    }

    /**
     * A router's {@code tls} section (Traefik's RouterTLSConfig): {@code "tls": {}} for a router that
     * terminates TLS with the default options and certificates. A certificate Secret is not part of it:
     * it goes to the certificate store, as in Traefik.
     */
    public record RouterTlsInfo(String options, String certResolver, List<DomainInfo> domains) {
    }

    public record DomainInfo(String main, List<String> sans) {
    }

    public record ServiceInfo(LoadBalancerInfo loadBalancer, WeightedInfo weighted, MirroringInfo mirroring,
                              FailoverInfo failover, List<String> error, String status, List<String> usedBy,
                              Map<String, String> serverStatus, String name, String provider, String type) {

        ServiceInfo named(String serviceName, String serviceType) {
            return new ServiceInfo(loadBalancer, weighted, mirroring, failover, error, status, usedBy, serverStatus,
                    serviceName, RuntimeView.providerOf(serviceName), serviceType);
        }
    }

    public record LoadBalancerInfo(List<ServerInfo> servers, String strategy, CookieSticky sticky,
                                   Boolean passHostHeader, ResponseForwarding responseForwarding,
                                   String serversTransport, HealthCheckInfo healthCheck,
                                   PassiveHealthCheckInfo passiveHealthCheck) {
    }

    public record ServerInfo(String url, Integer weight) {
    }

    public record ResponseForwarding(String flushInterval) {
    }

    public record CookieSticky(Cookie cookie) {
    }

    public record Cookie(String name, Boolean secure, Boolean httpOnly, String sameSite, Integer maxAge,
                         String domain, String path) {
    }

    public record HealthCheckInfo(String scheme, String mode, String path, String method, Integer status, Integer port,
                                  String hostname, Map<String, String> headers, Boolean followRedirects,
                                  String interval, String unhealthyInterval, String timeout) {
    }

    public record PassiveHealthCheckInfo(String failureWindow, Integer maxFailedAttempts) {
    }

    public record WeightedInfo(List<WeightedService> services, CookieSticky sticky) {
    }

    /** @param status Traefik's WRR child with a fixed answer (Gateway API backends that cannot be used); null otherwise */
    public record WeightedService(String name, Integer weight, Integer status) {
        public WeightedService(String name, Integer weight) {
            this(name, weight, null);
        }
    }

    public record MirroringInfo(String service, Boolean mirrorBody, Long maxBodySize, List<Mirror> mirrors) {
    }

    public record Mirror(String name, Integer percent) {
    }

    public record FailoverInfo(String service, String fallback) {
    }

    /** {@code /api/rawdata}: every element by name; empty sections left out. */
    public record RawData(Map<String, RouterInfo> routers, Map<String, Map<String, Object>> middlewares,
                          Map<String, ServiceInfo> services, Map<String, Object> tcpRouters,
                          Map<String, Object> tcpMiddlewares, Map<String, Object> tcpServices,
                          Map<String, Object> udpRouters, Map<String, Object> udpServices) {
    }

    public record Section(int total, int warnings, int errors) {
    }

    public record SchemeOverview(Section routers, Section services, Section middlewares) {
    }

    public record Features(String tracing, String metrics, boolean accessLog) {
    }

    public record Overview(SchemeOverview http, SchemeOverview tcp, SchemeOverview udp, Features features,
                           List<String> providers) {
    }

    public record ForwardedHeadersInfo(Boolean insecure, List<String> trustedIPs) {
    }

    public record EntryPointInfo(String address, ForwardedHeadersInfo forwardedHeaders, Map<String, Object> http,
                                 String name) {
    }

    public record VersionInfo(@JsonbProperty("Version") String version, @JsonbProperty("Codename") String codename,
                              String startDate) {
    }

    public record ApiError(String message) {
    }
}
