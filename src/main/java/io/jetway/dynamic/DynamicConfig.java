package io.jetway.dynamic;

import io.jetway.kube.Problem;

import java.util.List;
import java.util.Map;

/**
 * Traefik's dynamic configuration: what translators produce and the builder compiles. Names are
 * fully qualified ({@code default-whoami-80@kubernetescrd}). Maps are sorted by name so equal
 * configurations compare equal and the API lists them stably.
 */
public record DynamicConfig(Map<String, RouterConfig> routers,
                            Map<String, ServiceConfig> services,
                            Map<String, MiddlewareConfig> middlewares,
                            List<Problem> problems,
                            Map<String, ServersTransport> serversTransports,
                            TlsConfig tls,
                            Layer4Config layer4,
                            GatewayApiStatus gatewayStatus) {

    public static final DynamicConfig EMPTY = new DynamicConfig(Map.of(), Map.of(), Map.of(), List.of());

    public DynamicConfig {
        routers = Map.copyOf(routers);
        services = Map.copyOf(services);
        middlewares = Map.copyOf(middlewares);
        problems = List.copyOf(problems);
        serversTransports = Map.copyOf(serversTransports);
        tls = tls == null ? TlsConfig.EMPTY : tls;
        layer4 = layer4 == null ? Layer4Config.EMPTY : layer4;
        gatewayStatus = gatewayStatus == null ? GatewayApiStatus.EMPTY : gatewayStatus;
    }

    /** Without Gateway API objects' status (every translator but the Gateway API's). */
    public DynamicConfig(Map<String, RouterConfig> routers, Map<String, ServiceConfig> services,
                         Map<String, MiddlewareConfig> middlewares, List<Problem> problems,
                         Map<String, ServersTransport> serversTransports, TlsConfig tls, Layer4Config layer4) {
        this(routers, services, middlewares, problems, serversTransports, tls, layer4, GatewayApiStatus.EMPTY);
    }

    public DynamicConfig(Map<String, RouterConfig> routers, Map<String, ServiceConfig> services,
                         Map<String, MiddlewareConfig> middlewares, List<Problem> problems,
                         Map<String, ServersTransport> serversTransports, TlsConfig tls) {
        this(routers, services, middlewares, problems, serversTransports, tls, Layer4Config.EMPTY);
    }

    /** The same configuration with other problems (checks that run after translation add theirs). */
    public DynamicConfig withProblems(List<Problem> newProblems) {
        return new DynamicConfig(routers, services, middlewares, newProblems, serversTransports, tls, layer4, gatewayStatus);
    }

    public DynamicConfig(Map<String, RouterConfig> routers, Map<String, ServiceConfig> services,
                         Map<String, MiddlewareConfig> middlewares, List<Problem> problems,
                         Map<String, ServersTransport> serversTransports) {
        this(routers, services, middlewares, problems, serversTransports, TlsConfig.EMPTY);
    }

    public DynamicConfig(Map<String, RouterConfig> routers, Map<String, ServiceConfig> services,
                         Map<String, MiddlewareConfig> middlewares, List<Problem> problems) {
        this(routers, services, middlewares, problems, Map.of());
    }
}
