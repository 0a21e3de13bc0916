package io.jetway.check;

import io.jetway.dynamic.Layer4Config;
import io.jetway.dynamic.TcpMiddlewareConfig;
import io.jetway.dynamic.TcpRouterConfig;
import io.jetway.dynamic.TcpServiceConfig;
import io.jetway.dynamic.UdpRouterConfig;
import io.jetway.dynamic.UdpServiceConfig;
import io.jetway.kube.ObjectRef;
import io.jetway.routing.RouterStatus;
import io.jetway.routing.layer4.Layer4Table;

import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.BiConsumer;

/**
 * What the layer-4 build says of each TCP and UDP object, handed to the check's findings with the
 * object it came from, by name (the table's maps have no order): services and middlewares first, so
 * a router's error that only repeats one of theirs is said once, where that object is defined.
 */
final class Layer4Findings {

    private Layer4Findings() {
    }

    /**
     * @param translationErrors the elements (router names) the translation already reported an error for
     */
    static void errors(Layer4Config config, Layer4Table table, Set<String> translationErrors,
                       BiConsumer<ObjectRef, String> error) {
        new TreeMap<>(table.serviceErrors()).forEach((name, message) -> error.accept(serviceSource(config, name), message));
        new TreeMap<>(table.middlewareErrors()).forEach((name, message) -> {
            TcpMiddlewareConfig m = config.tcpMiddlewares().get(name);
            error.accept(m == null ? null : m.source(), message);
        });
        routers(config, table, translationErrors, error, true);
    }

    static void warnings(Layer4Config config, Layer4Table table, BiConsumer<ObjectRef, String> warning) {
        routers(config, table, Set.of(), warning, false);
    }

    static int disabled(Map<String, RouterStatus> statuses) {
        return (int) statuses.values().stream().filter(s -> s.status().equals(RouterStatus.DISABLED)).count();
    }

    private static void routers(Layer4Config config, Layer4Table table, Set<String> translationErrors,
                                BiConsumer<ObjectRef, String> to, boolean errors) {
        new TreeMap<>(table.tcpRouterStatuses()).forEach((name, status) -> {
            TcpRouterConfig router = config.tcpRouters().get(name);
            (errors ? status.errors() : status.warnings()).stream()
                    .filter(m -> router == null || !translationErrors.contains(name) || !consequence(router, m))
                    .forEach(m -> to.accept(router == null ? null : router.source(), "TCP router " + name + ": " + m));
        });
        new TreeMap<>(table.udpRouterStatuses()).forEach((name, status) -> {
            UdpRouterConfig router = config.udpRouters().get(name);
            (errors ? status.errors() : status.warnings())
                    .forEach(m -> to.accept(router == null ? null : router.source(), "UDP router " + name + ": " + m));
        });
    }

    /**
     * The builder's words for a service or middleware the router names that is not in the
     * configuration: for a router the translation reported, a consequence (the translation left
     * that object out for the problem it reported), not a cause.
     */
    private static boolean consequence(TcpRouterConfig router, String message) {
        return message.equals("the service \"" + router.service() + "\" does not exist")
                || router.middlewares().stream().anyMatch(m -> message.equals("middleware \"" + m + "\" does not exist"));
    }

    private static ObjectRef serviceSource(Layer4Config config, String name) {
        TcpServiceConfig tcp = config.tcpServices().get(name);
        if (tcp != null) {
            return tcp.source();
        }
        UdpServiceConfig udp = config.udpServices().get(name);
        return udp == null ? null : udp.source();
    }
}
